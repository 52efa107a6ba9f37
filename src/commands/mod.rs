//! One file per subcommand: turn the parsed command line into settings, run the engine, write
//! the report, and return the exit code. This is the only layer that sees `cli` types, reads the
//! environment (colour, terminal, clock) or writes to the terminal.

mod check;
mod dump;
mod rules;
mod schema;

use crate::cli::{Cli, ColorArg, Command, FailOnArg, FormatArg, GlobalArgs};
use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::report::OutputFormat;
use crate::report::human::HumanOptions;
use std::io::IsTerminal;

/// Exit codes.
pub const SUCCESS: i32 = 0;
pub const FINDINGS: i32 = 1;
pub const TOOL_ERROR: i32 = 2;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let settings = settings(&cli.global);
    let result = match &cli.command {
        Command::Check { paths } => check::run(paths, &settings, &Output::from(&cli.global)),
        Command::Dump { file } => dump::run(file, &settings, &Output::from(&cli.global)),
        Command::Schema => schema::run(),
        Command::Rules { markdown } => rules::list(*markdown),
        Command::Explain { rule } => rules::explain(rule),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            TOOL_ERROR
        }
    }
}

fn settings(args: &GlobalArgs) -> Settings {
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut settings = Settings::new(today);
    settings.fail_on = match args.fail_on {
        FailOnArg::Error => Some(Severity::Error),
        FailOnArg::Warning => Some(Severity::Warning),
        FailOnArg::Info => Some(Severity::Info),
        FailOnArg::Never => None,
    };
    settings.schema = args.schema.clone();
    settings.stdin_filename = args.stdin_filename.clone();
    settings
}

/// Where and how reports are written.
pub(crate) struct Output {
    pub format: OutputFormat,
    pub human: HumanOptions,
}

impl From<&GlobalArgs> for Output {
    fn from(args: &GlobalArgs) -> Self {
        let terminal = std::io::stdout().is_terminal();
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let width = if terminal {
            terminal_width().unwrap_or(100)
        } else {
            100
        };
        Output {
            format: match args.format {
                FormatArg::Human => OutputFormat::Human,
                FormatArg::Json => OutputFormat::Json,
            },
            human: HumanOptions {
                color,
                width,
                quiet: args.quiet,
            },
        }
    }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

/// The compiled schema for this run.
fn load_schema(settings: &Settings) -> Result<crate::schema::Schema, String> {
    match &settings.schema {
        Some(path) => crate::schema::Schema::from_file(path),
        None => crate::schema::Schema::built_in(),
    }
    .map_err(|e| e.to_string())
}
