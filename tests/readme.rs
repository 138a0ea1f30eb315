//! The README's rules table is generated from the registry; this test fails when it is stale.
//! Regenerate with `LBLINT_BLESS=1 cargo test --test readme`.

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn readme_rules_table_matches_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(START).expect("rules:start marker") + START.len();
    let end = readme.find(END).expect("rules:end marker");
    let table = lblint::catalogue::markdown();
    if readme[start..end] != table {
        if std::env::var_os("LBLINT_BLESS").is_some() {
            let new = format!("{}{table}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!("README rules table is stale: run `LBLINT_BLESS=1 cargo test --test readme`");
        }
    }
}
