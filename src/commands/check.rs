//! `healthlint check PATHS`: walk, check every file, report, exit 0/1/2.

use super::{FINDINGS, Output, SUCCESS, load_schema};
use crate::config::Settings;
use crate::report::{self, OutputFormat, Summary};
use crate::{engine, walk};
use std::io::Write;
use std::time::Instant;

pub fn run(paths: &[String], settings: &Settings, output: &Output) -> Result<i32, String> {
    let started = Instant::now();
    // Compile the lexicon on the core that is idle while files are found and read.
    if settings.custom_lexicon.is_none() {
        std::thread::spawn(crate::advice::warm_up);
    }
    let schema = load_schema(settings)?;
    let inputs =
        walk::collect(paths, settings.stdin_filename.as_deref()).map_err(|e| e.to_string())?;
    let reports = engine::check_all(&inputs, &schema, settings);
    let summary = Summary::of(&reports, started.elapsed());
    let text = match output.format {
        OutputFormat::Human => report::human::render(&reports, &summary, output.human),
        OutputFormat::Json => report::json::render(&reports, &summary),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    Ok(if settings.fails(summary.worst()) {
        FINDINGS
    } else {
        SUCCESS
    })
}
