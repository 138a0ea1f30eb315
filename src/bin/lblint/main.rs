//! The `lblint` command line.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use lblint::render::{self, check_bytes, Checked};
use lblint::{catalogue, Context, Edition, Operation, Options, Report, Severity};

mod config;

/// Lints cloud load-balancer API requests before they are sent.
#[derive(Parser, Debug)]
#[command(name = "lblint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check request files (JSON or YAML); `-` reads standard input.
    Check(CheckArgs),
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print the JSON Schema of an operation (generated from the rules).
    Schema {
        /// The operation id.
        #[arg(value_parser = parse_operation)]
        operation: Operation,
    },
    /// Print a rule's documentation, by rule id or provider error code.
    Explain {
        /// A rule id (e.g. `aliyun/servers-roles`) or a provider code (e.g. `ELB.8902`).
        query: String,
    },
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// The operation, when it cannot be inferred from the content.
    #[arg(long, short = 'o', value_parser = parse_operation)]
    operation: Option<Operation>,
    /// A JSON file of facts about the environment (load balancer, listener, pool, subnets).
    #[arg(long, short = 'c')]
    context: Option<PathBuf>,
    /// The Alibaba documentation edition: 2026-03-02 (default), 2024-03-14 or 2019.
    #[arg(long, value_parser = parse_edition)]
    edition: Option<Edition>,
    /// A rule id that does not run (repeatable).
    #[arg(long, value_name = "RULE")]
    disable: Vec<String>,
    /// A configuration file to use instead of the nearest lblint.toml / .lblint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// An organisation policy: a JSON Schema every request must also satisfy (repeatable).
    #[arg(long = "policy", value_name = "FILE.schema.json")]
    policies: Vec<PathBuf>,
    /// How many files to check at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Skip (instead of exit 2) files whose operation cannot be inferred: for pre-commit hooks
    /// that see every JSON and YAML file.
    #[arg(long)]
    skip_unrecognized: bool,
    /// Request files; `.json` is JSON, `.yaml`/`.yml` YAML, anything else (and `-`, standard
    /// input) is JSON when it starts with `{` or `[`, else YAML.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

fn parse_operation(s: &str) -> Result<Operation, String> {
    s.parse()
        .map_err(|e: lblint::operation::UnknownOperation| e.to_string())
}

fn parse_edition(s: &str) -> Result<Edition, String> {
    s.parse()
        .map_err(|e: lblint::context::UnknownEdition| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules { format } => {
            let text = match format {
                RulesFormat::Human => catalogue::human(),
                RulesFormat::Json => {
                    let mut s =
                        serde_json::to_string_pretty(&catalogue::json()).unwrap_or_default();
                    s.push('\n');
                    s
                }
                RulesFormat::Markdown => catalogue::markdown(),
            };
            print_out(&text);
            ExitCode::SUCCESS
        }
        Command::Explain { query } => match catalogue::explain_query(&query) {
            Some(text) => {
                print_out(&text);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: `{query}` is neither a rule id nor a provider code lblint knows; see `lblint rules`");
                ExitCode::from(2)
            }
        },
        Command::Schema { operation } => {
            let mut s = serde_json::to_string_pretty(&lblint::schema::generate(operation))
                .unwrap_or_default();
            s.push('\n');
            print_out(&s);
            ExitCode::SUCCESS
        }
        Command::Check(args) => check(args),
    }
}

fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`lblint rules | head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// One file to check, with the options that apply to it.
struct Input {
    name: String,
    source: Source,
    op: Option<Operation>,
    opts: Arc<Options>,
}

/// Where an input's bytes come from: files are read by the worker that checks them, so reading
/// overlaps checking.
enum Source {
    /// Standard input, already read.
    Stdin(Vec<u8>),
    /// A file to read.
    File(String),
}

/// The directory whose configuration applies to a file (`.` for standard input).
fn dir_of(file: Option<&Path>) -> PathBuf {
    match file.and_then(Path::parent) {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn load_context(path: &Path) -> Result<Context, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Context::from_json(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) => Err(format!("cannot read context file {}: {e}", path.display())),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let cli_context = match args.context.as_deref().map(load_context).transpose() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for id in &args.disable {
        if !lblint::validate::is_rule_id(id) || id == "lblint/syntax" {
            eprintln!(
                "error: --disable {id}: not a rule id that can be disabled (see `lblint rules`)"
            );
            return ExitCode::from(2);
        }
    }
    let explicit = match args.config.as_deref().map(config::Config::load).transpose() {
        Ok(c) => c.map(Arc::new),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut policies = Vec::new();
    for path in &args.policies {
        let name = path.display().to_string();
        let loaded = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read policy {name}: {e}"))
            .and_then(|text| {
                lblint::policy::Policy::from_json(&name, &text).map_err(|e| e.to_string())
            });
        match loaded {
            Ok(p) => policies.push(p),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut discovery = config::Discovery::default();
    // Explicit flags win over the configuration.
    let options_for = |file: Option<&Path>,
                       discovery: &mut config::Discovery|
     -> Result<(Option<Operation>, Options), String> {
        let cfg = match &explicit {
            Some(c) => Some(c.clone()),
            None => discovery.for_dir(&dir_of(file))?,
        };
        let mut opts = Options {
            policies: policies.clone(),
            ..Options::default()
        };
        let mut op = None;
        if let Some(c) = &cfg {
            c.apply(file, &mut opts, &mut op);
        }
        if let Some(c) = &cli_context {
            opts.context = c.clone();
        }
        if let Some(e) = args.edition {
            opts.edition = e;
        }
        opts.disabled.extend(args.disable.iter().cloned());
        if args.operation.is_some() {
            op = args.operation;
        }
        Ok((op, opts))
    };

    let mut stdin_text = None;
    if args.files.iter().any(|f| f == "-") {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("error: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
        stdin_text = Some(buf);
    }
    let mut inputs = Vec::with_capacity(args.files.len());
    // Files without a configuration share one set of options.
    let mut shared: Option<(Option<Operation>, Arc<Options>)> = None;
    for f in &args.files {
        let path = (f != "-").then(|| Path::new(f.as_str()));
        let configured = explicit.is_some()
            || match discovery.for_dir(&dir_of(path)) {
                Ok(c) => c.is_some(),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
        let (op, opts) = match (&shared, configured) {
            (Some((op, opts)), false) => (*op, Arc::clone(opts)),
            _ => match options_for(path, &mut discovery) {
                Ok((op, opts)) => {
                    let opts = Arc::new(opts);
                    if !configured {
                        shared = Some((op, Arc::clone(&opts)));
                    }
                    (op, opts)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            },
        };
        let (name, source) = if f == "-" {
            (
                "<stdin>".to_owned(),
                Source::Stdin(stdin_text.clone().unwrap_or_default()),
            )
        } else {
            (f.clone(), Source::File(f.clone()))
        };
        inputs.push(Input {
            name,
            source,
            op,
            opts,
        });
    }
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let checked = run_parallel(inputs, jobs, args.skip_unrecognized);

    let mut usage_error = false;
    let mut failed = false;
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    for c in &checked {
        match &c.result {
            Err(msg) => {
                eprintln!("error: {msg}");
                usage_error = true;
            }
            Ok(r) => {
                if r.diagnostics.iter().any(|d| d.severity >= threshold) {
                    failed = true;
                }
            }
        }
    }
    let text = match args.format {
        Format::Human => render::human(&checked),
        Format::Json => render::json(&checked),
        Format::Sarif => render::sarif(&checked),
        Format::Github => render::github(&checked),
    };
    print_out(&text);
    if usage_error {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads a file into `buf` and returns its bytes, the start of `buf`. Unlike `std::fs::read`
/// (and `File::read_to_end`), this does not ask the file's size and position first: a small file
/// costs an open, two reads and a close. The `statx` that sizes `fs::read`'s buffer was a fifth of
/// the system calls of checking a corpus of small files, where system time is most of the run
/// (`strace -c`). `buf` keeps its length between files, so it is zeroed only when it grows.
fn read_into<'b>(path: &str, buf: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize((buf.len() * 2).max(16 * 1024), 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => return Ok(&buf[..filled]),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Checks files on `jobs` threads, keeping their order.
fn run_parallel(inputs: Vec<Input>, jobs: usize, skip_unrecognized: bool) -> Vec<Checked> {
    let threads = jobs.max(1).min(inputs.len().max(1));
    // Each worker reads its files into one buffer of its own.
    let one = |input: Input, buf: &mut Vec<u8>| -> Checked {
        let name = input.name;
        let stdin;
        let bytes = match input.source {
            Source::Stdin(b) => {
                stdin = b;
                Ok(&stdin[..])
            }
            Source::File(f) => read_into(&f, buf).map_err(|e| format!("cannot read {f}: {e}")),
        };
        match bytes {
            Err(e) => Checked {
                name,
                text: String::new(),
                result: Err(e),
                skipped: false,
            },
            Ok(bytes) => {
                let (text, result) = check_bytes(&name, bytes, input.op, &input.opts);
                match result {
                    Err(lblint::Error::CannotInferOperation) if skip_unrecognized => Checked {
                        name,
                        text,
                        result: Ok(Report {
                            operation: None,
                            diagnostics: Vec::new(),
                        }),
                        skipped: true,
                    },
                    result => Checked {
                        name: name.clone(),
                        text,
                        result: result.map_err(|e| format!("{name}: {e}")),
                        skipped: false,
                    },
                }
            }
        }
    };
    if threads <= 1 {
        let mut buf = Vec::new();
        return inputs.into_iter().map(|i| one(i, &mut buf)).collect();
    }
    // Workers take the next file from a shared index, so a slow file or a busy core does not
    // hold up a fixed share of the work.
    let n = inputs.len();
    let queue: Vec<std::sync::Mutex<Option<Input>>> = inputs
        .into_iter()
        .map(|i| std::sync::Mutex::new(Some(i)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Checked>> = (0..n).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (one, queue, next) = (&one, &queue, &next);
                s.spawn(move || {
                    let mut done = Vec::new();
                    let mut buf = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break done;
                        }
                        let input = queue[i].lock().ok().and_then(|mut slot| slot.take());
                        if let Some(input) = input {
                            done.push((i, one(input, &mut buf)));
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            if let Ok(done) = h.join() {
                for (i, c) in done {
                    slots[i] = Some(c);
                }
            }
        }
    });
    slots
        .into_iter()
        .map(|c| {
            c.unwrap_or_else(|| Checked {
                name: String::new(),
                text: String::new(),
                result: Err("internal error while checking a file".to_owned()),
                skipped: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::read_into;

    #[test]
    fn read_into_returns_each_file_whole_whatever_the_buffer_held() {
        let dir = std::env::temp_dir().join(format!("lblint-read-into-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let (big_path, small_path, empty_path) =
            (dir.join("big"), dir.join("small"), dir.join("empty"));
        std::fs::write(&big_path, &big).unwrap();
        std::fs::write(&small_path, b"{}").unwrap();
        std::fs::write(&empty_path, b"").unwrap();
        let mut buf = Vec::new();
        for (path, want) in [
            (&small_path, &b"{}"[..]),
            (&big_path, &big[..]),
            (&small_path, &b"{}"[..]),
            (&empty_path, &b""[..]),
        ] {
            assert_eq!(read_into(path.to_str().unwrap(), &mut buf).unwrap(), want);
        }
        assert!(read_into(dir.to_str().unwrap(), &mut buf).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
