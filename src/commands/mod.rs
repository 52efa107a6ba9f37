//! One file per subcommand: turn the parsed command line into settings, run the engine, write
//! the report, and return the exit code. This is the only layer that sees `cli` types, reads the
//! environment (colour, terminal, clock) or writes to the terminal.

mod check;
mod dump;
mod init;
mod links;
mod rules;
mod schema;

use crate::cli::{Cli, ColorArg, Command, FailOnArg, FormatArg, GlobalArgs, LinkArgs};
use crate::config::{Config, Settings};
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
    // Only the commands that check articles read the configuration: `init` must work where
    // the existing file is broken.
    let output = Output::from(&cli.global);
    let result = match &cli.command {
        Command::Check { paths, links, link } => {
            let scope = if *links {
                check::Scope::ArticlesAndLinks
            } else {
                check::Scope::Articles
            };
            link_settings(&cli.global, link)
                .and_then(|settings| check::run(paths, &settings, &output, scope))
        }
        Command::Links { paths, link } => link_settings(&cli.global, link)
            .and_then(|settings| check::run(paths, &settings, &output, check::Scope::Links)),
        Command::Dump { file } => {
            settings(&cli.global).and_then(|settings| dump::run(file, &settings, &output))
        }
        Command::Schema => schema::run(),
        Command::Rules { markdown } => rules::list(*markdown),
        Command::Explain { rule } => rules::explain(rule),
        Command::Init { force } => init::run(*force),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            TOOL_ERROR
        }
    }
}

/// [`settings`] with the link flags laid over them.
fn link_settings(args: &GlobalArgs, link: &LinkArgs) -> Result<Settings, String> {
    let mut settings = settings(args)?;
    links::apply_flags(link, &mut settings)?;
    Ok(settings)
}

/// Defaults, then the configuration file, then flags.
fn settings(args: &GlobalArgs) -> Result<Settings, String> {
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut settings = Settings::new(today);
    let config_path = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(path.clone())
    } else {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("cannot read the working directory: {e}"))?;
        Config::discover(&cwd).map(|path| relative_to(&path, &cwd))
    };
    if let Some(path) = config_path {
        let config = Config::load(&path).map_err(|e| e.to_string())?;
        // The link store belongs to the project: beside its configuration file.
        if let Some(dir) = path.parent() {
            settings.links.store = Some(dir.join(crate::links::store::DEFAULT_PATH));
        }
        settings.apply(&config);
        settings
            .extend_lexicon(&config)
            .map_err(|e| e.to_string())?;
    }
    settings.fail_on = match args.fail_on {
        FailOnArg::Error => Some(Severity::Error),
        FailOnArg::Warning => Some(Severity::Warning),
        FailOnArg::Info => Some(Severity::Info),
        FailOnArg::Never => None,
    };
    if let Some(schema) = &args.schema {
        settings.schema = Some(schema.clone());
    }
    settings.stdin_filename = args.stdin_filename.clone();
    Ok(settings)
}

/// `path` relative to `base` when it is below it, so that messages show short paths.
fn relative_to(path: &std::path::Path, base: &std::path::Path) -> std::path::PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
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
