//! The engine checks character sets with plain predicates (no regex in the WebAssembly build);
//! the JSON Schemas carry the same sets as regular-expression classes. They must agree on every
//! character, or a schema would accept what the rules reject (or the reverse).

use lblint::validators::{sets, Charset};
use regex::Regex;

fn all_sets() -> [(&'static str, &'static Charset); 5] {
    [
        ("ALIYUN_DESCRIPTION", &sets::ALIYUN_DESCRIPTION),
        ("DOMAIN_NAME", &sets::DOMAIN_NAME),
        ("URL_PATH", &sets::URL_PATH),
        ("COOKIE_SHARED", &sets::COOKIE_SHARED),
        ("COOKIE_DEDICATED", &sets::COOKIE_DEDICATED),
    ]
}

#[test]
fn predicates_and_schema_patterns_agree_on_every_ascii_and_sample_character() {
    let mut samples: Vec<char> = (0u8..=127).map(char::from).collect();
    samples.extend([
        'é', 'ß', '中', '文', '\u{3000}', '\u{feff}', '🙂', '\u{2028}',
    ]);
    for (name, set) in all_sets() {
        let re = Regex::new(&set.pattern()).unwrap_or_else(|e| panic!("{name}: {e}"));
        for c in &samples {
            let s = c.to_string();
            assert_eq!(
                (set.allows)(*c),
                re.is_match(&s),
                "{name} disagrees on {c:?}: predicate {} vs pattern {}",
                (set.allows)(*c),
                set.pattern()
            );
        }
    }
}
