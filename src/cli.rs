//! The command line as plain clap derive structs; `commands` turns them into settings. Nothing
//! below `commands` sees these types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "healthlint",
    version,
    about = "Keeps health articles honest: schema and content rules with rustc-style diagnostics",
    after_help = "Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, configuration or internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles against the schema and the rules.
    Check {
        /// Files or directories (walked recursively, .gitignore respected); `-` reads standard input.
        #[arg(default_value = ".")]
        paths: Vec<String>,
    },
    /// Print the article document (JSON) that the schema validates.
    Dump {
        /// A Markdown or plain-text article; `-` reads standard input.
        file: String,
    },
    /// Print the built-in article schema.
    Schema,
    /// List every rule with its code, name and default severity.
    Rules {
        /// Print the full documentation as Markdown (this is how docs/rules.md is made).
        #[arg(long)]
        markdown: bool,
    },
    /// Explain a rule: what it checks, why, an example and how to fix it.
    Explain {
        /// A rule code (`HL201`) or name (`missing-access-date`).
        rule: String,
    },
    /// Write a commented starter `.healthlint.yaml` in the working directory.
    Init {
        /// Replace an existing `.healthlint.yaml`.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// When to colour the output (NO_COLOR is honoured under `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print findings only, without the summary line.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The date that date checks measure from, as YYYY-MM-DD (default: the system date).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
    /// The lowest severity that makes the run exit with 1.
    #[arg(long, global = true, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    /// A configuration file to use instead of the `.healthlint.yaml` found from the working directory.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every `.healthlint.yaml`: built-in defaults and flags only.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// A JSON Schema (2020-12) file to validate article documents against instead of the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// The name (and so the format) of standard input when a path is `-`.
    #[arg(long, global = true, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|e| format!("`{text}` is not a date as YYYY-MM-DD: {e}"))
}
