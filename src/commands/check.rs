//! `healthlint check PATHS` (with `--links`, live link checks too) and `healthlint links
//! PATHS` (live link checks only): walk, check every file, report, exit 0/1/2.

use super::{FINDINGS, Output, SUCCESS, TOOL_ERROR, links, load_schema};
use crate::config::Settings;
use crate::report::{self, OutputFormat, Summary};
use crate::{engine, walk};
use std::io::Write;
use std::time::Instant;

/// What a run checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The schema and the content rules.
    Articles,
    /// Those and every cited URL.
    ArticlesAndLinks,
    /// Every cited URL only (and files that cannot be read).
    Links,
}

pub fn run(
    paths: &[String],
    settings: &Settings,
    output: &Output,
    scope: Scope,
) -> Result<i32, String> {
    let started = Instant::now();
    let mut reports = if scope == Scope::Links {
        let inputs =
            walk::collect(paths, settings.stdin_filename.as_deref()).map_err(|e| e.to_string())?;
        engine::read_links(&inputs, settings)
    } else {
        // Compile the lexicon on the core that is idle while files are found and read.
        if settings.custom_lexicon.is_none() && engine::advice_rules_on(settings) {
            std::thread::spawn(crate::advice::warm_up);
        }
        let schema = load_schema(settings)?;
        let inputs =
            walk::collect(paths, settings.stdin_filename.as_deref()).map_err(|e| e.to_string())?;
        engine::check_all(&inputs, &schema, settings, scope == Scope::ArticlesAndLinks)
    };
    // Without a network the links have no verdict, but the other findings still stand: they
    // are reported, and the run ends with the network error (exit 2).
    let mut link_error = None;
    let link_run = if scope == Scope::Articles {
        None
    } else {
        match links::check(&reports, settings, output) {
            Ok(run) => {
                engine::add_link_findings(&mut reports, &run.links, settings);
                Some(run)
            }
            Err(e) => {
                link_error = Some(e);
                None
            }
        }
    };
    let summary = Summary::of(&reports, started.elapsed());
    let text = match output.format {
        OutputFormat::Human => {
            report::human::render(&reports, &summary, link_run.as_ref(), output.human)
        }
        OutputFormat::Json => report::json::render(&reports, &summary, link_run.as_ref()),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    if let Some(e) = link_error {
        eprintln!("error: {e}");
        return Ok(TOOL_ERROR);
    }
    Ok(if settings.fails(summary.worst()) {
        FINDINGS
    } else {
        SUCCESS
    })
}
