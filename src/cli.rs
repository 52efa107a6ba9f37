//! The command line as plain clap derive structs; `commands` turns them into settings. Nothing
//! below `commands` sees these types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "healthlint",
    version,
    about = "Keeps health articles honest: schema and content rules with rustc-style diagnostics",
    after_help = "Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, configuration or internal error, or no network for link checks."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles against the schema and the rules (and, with --links, their links).
    Check {
        /// Files or directories (walked recursively, .gitignore respected); `-` reads standard input.
        #[arg(default_value = ".")]
        paths: Vec<String>,
        /// Also check every cited URL over the network (HL401-HL407).
        #[arg(long)]
        links: bool,
        #[command(flatten)]
        link: LinkArgs,
    },
    /// Check every cited URL over the network: references and body links (HL401-HL407).
    Links {
        /// Files or directories (walked recursively, .gitignore respected); `-` reads standard input.
        #[arg(default_value = ".")]
        paths: Vec<String>,
        #[command(flatten)]
        link: LinkArgs,
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

/// How live link checks are made; each overrides the configuration's `links:` section.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Link checking")]
pub struct LinkArgs {
    /// Requests in flight at once, over all hosts [default: 64].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::config::MAX_CONCURRENCY as i64))]
    pub max_concurrency: Option<u32>,
    /// Requests in flight at once to one host [default: 4].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::config::MAX_CONCURRENCY as i64))]
    pub host_concurrency: Option<u32>,
    /// Seconds to wait for one request [default: 10].
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    pub timeout: Option<f64>,
    /// Retries after a timeout, a reset connection, a 5xx or a 429 [default: 2].
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Also contact loopback, private, link-local and unique-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Contact this host (on this port only, if given) whatever its address; repeatable.
    #[arg(long, value_name = "HOST[:PORT]")]
    pub allow_host: Vec<String>,
    /// Neither reuse nor record results in the link store (.healthlint/history.db).
    #[arg(long)]
    pub no_cache: bool,
    /// Do not check URLs that match this regular expression; repeatable.
    #[arg(long, value_name = "REGEX")]
    pub exclude: Vec<String>,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs <= 86_400.0 => Ok(secs),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
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
