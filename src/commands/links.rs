//! Live link checks for `check --links` and `links`: the command-line flags over the link
//! settings, a progress bar on a terminal, and the store's warnings on standard error.

use super::Output;
use crate::cli::LinkArgs;
use crate::config::Settings;
use crate::engine::FileReport;
use crate::links::policy::AllowedHost;
use crate::links::{self, LinkRun};
use crate::report::OutputFormat;
use std::io::IsTerminal;
use std::time::Duration;

/// Lays the link flags over the settings.
pub fn apply_flags(args: &LinkArgs, settings: &mut Settings) -> Result<(), String> {
    let check = &mut settings.links.check;
    if let Some(n) = args.max_concurrency {
        check.max_concurrency = n as usize;
    }
    if let Some(n) = args.host_concurrency {
        check.host_concurrency = n as usize;
    }
    if let Some(secs) = args.timeout {
        check.timeout = Duration::from_secs_f64(secs);
    }
    if let Some(n) = args.max_retries {
        check.max_retries = n;
    }
    // A longer request timeout must not be cut short by the per-URL deadline.
    check.deadline = check.deadline.max(check.timeout);
    if args.allow_private {
        check.guard.allow_private = true;
    }
    for host in &args.allow_host {
        check
            .guard
            .allowed_hosts
            .push(AllowedHost::parse(host).map_err(|e| format!("--allow-host: {e}"))?);
    }
    for pattern in &args.exclude {
        check.exclude.push(regex::Regex::new(pattern).map_err(|e| {
            format!("--exclude `{pattern}` is not a valid regular expression: {e}")
        })?);
    }
    if args.no_cache {
        settings.links.store = None;
    }
    Ok(())
}

/// Checks every URL the reports cite. A network that is down is an error (exit 2), said once.
pub fn check(
    reports: &[FileReport],
    settings: &Settings,
    output: &Output,
) -> Result<LinkRun, String> {
    let cited: Vec<(usize, &[crate::source::Spanned<String>])> = reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.analysis.as_ref()?.links.as_slice())))
        .collect();
    let on_terminal = output.format == OutputFormat::Human
        && !output.human.quiet
        && std::io::stderr().is_terminal();
    let total = if on_terminal {
        let mut urls: Vec<String> = cited
            .iter()
            .flat_map(|(_, urls)| urls.iter().map(|u| links::fetched(&u.value)))
            .collect();
        urls.sort_unstable();
        urls.dedup();
        urls.len()
    } else {
        0
    };
    let progress = (total > 0).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "checking links {bar:30} {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let on_result = |result: &links::status::LinkResult| {
        if let Some(bar) = &progress {
            bar.inc(1);
            bar.set_message(result.url.clone());
        }
    };
    let now = jiff::Timestamp::now().as_second();
    let run = links::run(cited, &settings.links, now, &on_result);
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let run = run.map_err(|e| match e {
        links::check::CheckError::NetworkUnavailable(_) => {
            format!("{e}; no link is reported broken (check again with a connection)")
        }
        other => other.to_string(),
    })?;
    for warning in &run.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(run)
}
