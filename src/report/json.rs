//! The JSON report, version 1. One object:
//!
//! - `version`: 1; a change that removes or renames a field bumps it.
//! - `tool`: `{name, version}`.
//! - `files`: every input checked, `{path, format}`; `format` is `markdown`, `text`, or `null`
//!   when the file could not be read.
//! - `diagnostics`: `{code, rule, severity, path, line, column, end_line, end_column, message,
//!   help, labels}`. Lines and columns are 1-based; columns count characters (a UTF-8 BOM is not
//!   one; `\r\n` is one line end); the end is exclusive. A finding about a whole file is at 1:1.
//!   `labels` holds every underlined place `{path, line, column, end_line, end_column, message}`,
//!   the primary first.
//! - `links`: live link results, one per URL checked (after dropping its `#fragment`):
//!   `{url, status, http_status, final_url, moved_to, detail, redirects, cached, locations}`.
//!   `moved_to` is the address to cite instead for `redirected`. `status` is
//!   `ok`, `redirected`, `broken`, `server-error`, `timeout`, `blocked`, `soft-404` or
//!   `excluded`; `http_status` and `final_url` are `null` when there was none; `redirects` lists
//!   each hop `{url, http_status}`; `cached` says the result came from the link store;
//!   `locations` are the citations `{path, line, column}`. Empty unless links were checked.
//! - `summary`: `{files, errors, warnings, infos}`.

use super::Summary;
use crate::engine::FileReport;
use crate::links::{CheckedLink, LinkRun};
use crate::source::{SourceFile, Span};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    files: Vec<File<'a>>,
    diagnostics: Vec<Diagnostic<'a>>,
    links: Vec<Link<'a>>,
    summary: Counts,
}

#[derive(Serialize)]
struct Link<'a> {
    url: &'a str,
    status: &'static str,
    http_status: Option<u16>,
    final_url: Option<&'a str>,
    moved_to: Option<&'a str>,
    detail: &'a str,
    redirects: &'a [crate::links::status::Hop],
    cached: bool,
    locations: Vec<Citation<'a>>,
}

#[derive(Serialize)]
struct Citation<'a> {
    path: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    format: Option<&'static str>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Label<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    #[serde(flatten)]
    location: Location<'a>,
    message: &'a str,
    help: Option<&'a str>,
    labels: Vec<Label<'a>>,
}

#[derive(Serialize)]
struct Counts {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn locate<'a>(source: &'a SourceFile, span: Option<Span>) -> Location<'a> {
    let (start, end) = match span {
        Some(span) => source.span_positions(span),
        None => {
            let origin = crate::source::Position { line: 1, column: 1 };
            (origin, origin)
        }
    };
    Location {
        path: &source.path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Renders the report as pretty JSON; `links` when links were checked.
pub fn render(reports: &[FileReport], summary: &Summary, links: Option<&LinkRun>) -> String {
    let sources: std::collections::HashMap<&str, &SourceFile> = reports
        .iter()
        .map(|r| (r.source.path.as_str(), &r.source))
        .collect();
    let sources = &sources;
    let report = Report {
        version: 1,
        tool: Tool {
            name: "healthlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: reports
            .iter()
            .map(|r| File {
                path: &r.source.path,
                format: r.format.map(|f| f.as_str()),
            })
            .collect(),
        diagnostics: reports
            .iter()
            .flat_map(|r| {
                r.diagnostics.iter().map(move |d| Diagnostic {
                    code: d.rule.code,
                    rule: d.rule.name,
                    severity: d.severity.as_str(),
                    location: locate(&r.source, d.primary_span()),
                    message: &d.message,
                    help: d.help.as_deref(),
                    // Labels in this file, then those in other files (`related`).
                    labels: d
                        .labels
                        .iter()
                        .map(|l| Label {
                            location: locate(&r.source, Some(l.span)),
                            message: &l.message,
                        })
                        .chain(d.related.iter().filter_map(|rel| {
                            Some(Label {
                                location: locate(sources.get(rel.path.as_str())?, Some(rel.span)),
                                message: &rel.message,
                            })
                        }))
                        .collect(),
                })
            })
            .collect(),
        links: links
            .map(|run| run.links.iter().map(|l| link(l, reports)).collect())
            .unwrap_or_default(),
        summary: Counts {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn link<'a>(checked: &'a CheckedLink, reports: &'a [FileReport]) -> Link<'a> {
    let result = &checked.result;
    Link {
        url: &result.url,
        status: result.status.as_str(),
        http_status: result.http_status,
        final_url: result.final_url.as_deref(),
        moved_to: result.moved_to.as_deref(),
        detail: &result.detail,
        redirects: &result.redirects,
        cached: result.cached,
        locations: checked
            .citations
            .iter()
            .filter_map(|c| {
                let source = &reports.get(c.file)?.source;
                let at = source.position(c.span.start);
                Some(Citation {
                    path: &source.path,
                    line: at.line,
                    column: at.column,
                })
            })
            .collect(),
    }
}
