//! The `lblint` command line.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use lblint::{catalogue, Context, Edition, Operation, Options, Report, Severity};

mod render;

/// Lints cloud load-balancer API requests before they are sent.
#[derive(Parser, Debug)]
#[command(name = "lblint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check request files (JSON); `-` reads standard input.
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
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// An organisation policy: a JSON Schema every request must also satisfy (repeatable).
    #[arg(long = "policy", value_name = "FILE.schema.json")]
    policies: Vec<PathBuf>,
    /// Request files.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
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

/// A named input: its bytes, or why it could not be read.
type Input = (String, Result<Vec<u8>, String>);

/// One input file's outcome.
pub struct Checked {
    /// The name shown in output.
    pub name: String,
    /// The source text (lossless for valid UTF-8).
    pub text: String,
    /// The report, or a usage problem (exit 2).
    pub result: Result<Report, String>,
}

fn check(args: CheckArgs) -> ExitCode {
    let context = match &args.context {
        None => Context::default(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match Context::from_json(&text) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                eprintln!("error: cannot read context file {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
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
    let opts = Options {
        context,
        edition: args.edition.unwrap_or_default(),
        policies,
        ..Options::default()
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
    let inputs: Vec<Input> = args
        .files
        .iter()
        .map(|f| {
            if f == "-" {
                (
                    "<stdin>".to_owned(),
                    Ok(stdin_text.clone().unwrap_or_default()),
                )
            } else {
                (
                    f.clone(),
                    std::fs::read(f).map_err(|e| format!("cannot read {f}: {e}")),
                )
            }
        })
        .collect();
    let checked = run_parallel(inputs, args.operation, &opts);

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

/// Checks files on all cores, keeping their order.
fn run_parallel(inputs: Vec<Input>, op: Option<Operation>, opts: &Options) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(inputs.len().max(1));
    let one = |(name, bytes): Input| -> Checked {
        match bytes {
            Err(e) => Checked {
                name,
                text: String::new(),
                result: Err(e),
            },
            Ok(bytes) => {
                let (text, result) = check_bytes(&bytes, op, opts);
                Checked {
                    name: name.clone(),
                    text,
                    result: result.map_err(|e| format!("{name}: {e}")),
                }
            }
        }
    };
    if threads <= 1 {
        return inputs.into_iter().map(one).collect();
    }
    let mut slots: Vec<Option<Checked>> = (0..inputs.len()).map(|_| None).collect();
    let chunk = inputs.len().div_ceil(threads);
    let mut indexed: Vec<(usize, Input)> = inputs.into_iter().enumerate().collect();
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        while !indexed.is_empty() {
            let rest = indexed.split_off(chunk.min(indexed.len()));
            let mine = std::mem::replace(&mut indexed, rest);
            let one = &one;
            handles.push(s.spawn(move || {
                mine.into_iter()
                    .map(|(i, input)| (i, one(input)))
                    .collect::<Vec<_>>()
            }));
        }
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
            })
        })
        .collect()
}

/// Decodes and validates one file's bytes.
fn check_bytes(
    bytes: &[u8],
    op: Option<Operation>,
    opts: &Options,
) -> (String, Result<Report, lblint::Error>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), lblint::validate_json(op, text, opts)),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(bytes).into_owned();
            let before = String::from_utf8_lossy(valid);
            let line = before.matches('\n').count() as u32 + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            let report = lblint::validate::syntax_report(
                op,
                &text,
                &format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
                line,
                column,
            );
            (text, Ok(report))
        }
    }
}
