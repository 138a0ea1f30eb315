//! `lblint.toml` / `.lblint.toml`: defaults for the checks of the files below it.
//!
//! ```toml
//! edition = "2024-03-14"
//! disable = ["aliyun/unknown-parameter"]
//! context = { loadbalancer = { edition = "performance" } }   # or context_file = "ctx.json"
//!
//! [severity]
//! "aliyun/group-name" = "error"
//!
//! [[overrides]]
//! files = ["huawei/**/*.yaml"]
//! operation = "huaweicloud.elb.v3.CreateMasterSlavePool"
//! context_file = "huawei/context.json"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use lblint::{Context, Edition, Operation, Options, Severity};

/// The file names looked for, in order, in each directory from a checked file's up to the root.
pub const NAMES: [&str; 2] = ["lblint.toml", ".lblint.toml"];

// serde cannot combine `flatten` with `deny_unknown_fields`, so the layer keys are listed in both
// the top level and the overrides.
struct RawLayer {
    context: Option<toml::Table>,
    context_file: Option<String>,
    edition: Option<String>,
    disable: Vec<String>,
    severity: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    context: Option<toml::Table>,
    context_file: Option<String>,
    edition: Option<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    operation: Option<String>,
    context: Option<toml::Table>,
    context_file: Option<String>,
    edition: Option<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// Settings at one level (the file's top level or one `[[overrides]]` entry).
#[derive(Debug, Default, Clone)]
pub struct Layer {
    /// The operation (overrides only).
    pub operation: Option<Operation>,
    /// The context, replacing any earlier one.
    pub context: Option<Context>,
    /// The documentation edition.
    pub edition: Option<Edition>,
    /// Rule ids that do not run (added to earlier ones).
    pub disable: Vec<String>,
    /// Severity overrides (merged over earlier ones).
    pub severity: BTreeMap<String, Severity>,
}

impl Layer {
    fn apply(&self, opts: &mut Options, op: &mut Option<Operation>) {
        if let Some(o) = self.operation {
            *op = Some(o);
        }
        if let Some(c) = &self.context {
            opts.context = c.clone();
        }
        if let Some(e) = self.edition {
            opts.edition = e;
        }
        opts.disabled.extend(self.disable.iter().cloned());
        opts.severity
            .extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
    }
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    /// The directory globs and `context_file` are relative to.
    pub dir: PathBuf,
    base: Layer,
    overrides: Vec<(GlobSet, Layer)>,
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Config {
    /// Reads and checks a configuration file. Errors name the file and the key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file {shown}: {e}"))?;
        let raw: RawConfig =
            toml::from_str(&text).map_err(|e| format!("{shown}: invalid configuration: {e}"))?;
        let dir = absolute(path)
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let base = RawLayer {
            context: raw.context,
            context_file: raw.context_file,
            edition: raw.edition,
            disable: raw.disable,
            severity: raw.severity,
        };
        let base = layer(&base, &dir, &format!("{shown}"), "")?;
        let mut overrides = Vec::new();
        for (i, o) in raw.overrides.into_iter().enumerate() {
            let at = format!("overrides[{i}].");
            let raw_layer = RawLayer {
                context: o.context,
                context_file: o.context_file,
                edition: o.edition,
                disable: o.disable,
                severity: o.severity,
            };
            let mut l = layer(&raw_layer, &dir, &format!("{shown}"), &at)?;
            if let Some(op) = &o.operation {
                l.operation = Some(
                    op.parse()
                        .map_err(|e| format!("{shown}: `{at}operation`: {e}"))?,
                );
            }
            if o.files.is_empty() {
                return Err(format!("{shown}: `{at}files` must list at least one glob"));
            }
            let mut set = GlobSetBuilder::new();
            for g in &o.files {
                // A glob without `/` matches the file name in any directory, as in .gitignore.
                let pattern = if g.contains('/') {
                    g.trim_start_matches("./").to_owned()
                } else {
                    format!("**/{g}")
                };
                let glob = GlobBuilder::new(&pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| format!("{shown}: `{at}files`: invalid glob `{g}`: {e}"))?;
                set.add(glob);
            }
            let set = set
                .build()
                .map_err(|e| format!("{shown}: `{at}files`: {e}"))?;
            overrides.push((set, l));
        }
        Ok(Config {
            dir,
            base,
            overrides,
        })
    }

    /// Applies the configuration for one file (`None` for standard input: overrides do not apply).
    pub fn apply(&self, file: Option<&Path>, opts: &mut Options, op: &mut Option<Operation>) {
        self.base.apply(opts, op);
        let Some(file) = file else { return };
        let abs = absolute(file);
        let rel = abs.strip_prefix(&self.dir).unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        for (set, l) in &self.overrides {
            if set.is_match(&rel) {
                l.apply(opts, op);
            }
        }
    }
}

fn layer(raw: &RawLayer, dir: &Path, file: &str, at: &str) -> Result<Layer, String> {
    let mut l = Layer::default();
    match (&raw.context, &raw.context_file) {
        (Some(_), Some(_)) => {
            return Err(format!(
                "{file}: `{at}context` and `{at}context_file` are both set; keep one"
            ))
        }
        (Some(table), None) => {
            let value =
                serde_json::to_value(table).map_err(|e| format!("{file}: `{at}context`: {e}"))?;
            l.context = Some(
                Context::from_value(value).map_err(|e| format!("{file}: `{at}context`: {e}"))?,
            );
        }
        (None, Some(rel)) => {
            let p = dir.join(rel);
            let text = std::fs::read_to_string(&p).map_err(|e| {
                format!(
                    "{file}: `{at}context_file`: cannot read {}: {e}",
                    p.display()
                )
            })?;
            l.context = Some(
                Context::from_json(&text)
                    .map_err(|e| format!("{file}: `{at}context_file` ({}): {e}", p.display()))?,
            );
        }
        (None, None) => {}
    }
    if let Some(e) = &raw.edition {
        l.edition =
            Some(e.parse().map_err(|e: lblint::context::UnknownEdition| {
                format!("{file}: `{at}edition`: {e}")
            })?);
    }
    for id in &raw.disable {
        check_rule_id(id, file, &format!("{at}disable"))?;
        if id == "lblint/syntax" {
            return Err(format!(
                "{file}: `{at}disable`: `lblint/syntax` cannot be disabled (an unreadable request is always an error)"
            ));
        }
        l.disable.push(id.clone());
    }
    for (id, sev) in &raw.severity {
        check_rule_id(id, file, &format!("{at}severity"))?;
        let s = Severity::parse(sev).ok_or_else(|| {
            format!("{file}: `{at}severity.\"{id}\"`: `{sev}` is not one of error, warning, info")
        })?;
        l.severity.insert(id.clone(), s);
    }
    Ok(l)
}

fn check_rule_id(id: &str, file: &str, key: &str) -> Result<(), String> {
    if lblint::validate::is_rule_id(id) {
        Ok(())
    } else {
        Err(format!(
            "{file}: `{key}`: `{id}` is not a rule id (see `lblint rules`)"
        ))
    }
}

/// Finds and caches the nearest configuration file for each directory.
#[derive(Default)]
pub struct Discovery {
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The same, by the directory as given (no `getcwd` per file for files in one directory).
    by_given: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Discovery {
    /// The nearest `lblint.toml` or `.lblint.toml` from `dir` up to the filesystem root.
    pub fn for_dir(&mut self, given: &Path) -> Result<Option<Arc<Config>>, String> {
        if let Some(c) = self.by_given.get(given) {
            return Ok(c.clone());
        }
        let found = self.find(given)?;
        self.by_given.insert(given.to_path_buf(), found.clone());
        Ok(found)
    }

    fn find(&mut self, given: &Path) -> Result<Option<Arc<Config>>, String> {
        let dir = absolute(given);
        let mut visited = Vec::new();
        let mut cur = Some(dir.as_path());
        let mut found = None;
        while let Some(d) = cur {
            if let Some(c) = self.by_dir.get(d) {
                found = c.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if let Some(p) = NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                found = Some(Arc::new(Config::load(&p)?));
                break;
            }
            cur = d.parent();
        }
        for d in visited {
            self.by_dir.insert(d, found.clone());
        }
        Ok(found)
    }
}
