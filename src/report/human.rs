//! The human report: each finding rendered the way rustc renders a compile error (miette's
//! graphical handler), grouped by file in input order, then one summary line. This is the only
//! module that uses miette.

use super::Summary;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::FileReport;
use crate::links::LinkRun;
use crate::source::Span;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
    /// Findings only: no summary line.
    pub quiet: bool,
}

/// Renders every finding and the summary line (after a line on links, when they were checked).
pub fn render(
    reports: &[FileReport],
    summary: &Summary,
    links: Option<&LinkRun>,
    options: HumanOptions,
) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(1);
    let sources: HashMap<&str, Named<'_>> = reports
        .iter()
        .map(|r| {
            let named = Named {
                path: &r.source.path,
                text: &r.source.text,
            };
            (r.source.path.as_str(), named)
        })
        .collect();
    // Each file's findings are rendered on their own (in parallel), then joined in input order.
    let rendered: Vec<String> = reports
        .par_iter()
        .filter(|r| !r.diagnostics.is_empty())
        .map(|report| render_file(report, &sources, &handler))
        .collect();
    let mut out = rendered.concat();
    if !options.quiet {
        if let Some(run) = links {
            out.push_str(&links_line(run));
            out.push('\n');
        }
        out.push_str(&summary_line(summary));
        out.push('\n');
    }
    out
}

/// One file's findings, each followed by its related snippets.
fn render_file(
    report: &FileReport,
    sources: &HashMap<&str, Named<'_>>,
    handler: &GraphicalReportHandler,
) -> String {
    let mut out = String::new();
    let Some(source) = sources.get(report.source.path.as_str()) else {
        return out;
    };
    for diagnostic in &report.diagnostics {
        // Labels far from the primary one are shown as their own snippet below it, as
        // rustc does, instead of one snippet spanning every line in between.
        let line = |span: Span| report.source.position(span.start).line;
        let primary_line = diagnostic.primary_span().map(line);
        let mut near: Vec<&Label> = Vec::new();
        let mut far: Vec<&Label> = Vec::new();
        for (i, label) in diagnostic.labels.iter().enumerate() {
            let close = primary_line.is_none_or(|p| line(label.span).abs_diff(p) <= NEAR_LINES);
            if i == 0 || close {
                near.push(label);
            } else {
                far.push(label);
            }
        }
        let related = far
            .iter()
            .map(|l| RelatedAdapter {
                path: None,
                span: l.span,
                message: &l.message,
                source,
            })
            .chain(diagnostic.related.iter().filter_map(|r| {
                Some(RelatedAdapter {
                    path: Some(&r.path),
                    span: r.span,
                    message: &r.message,
                    source: sources.get(r.path.as_str())?,
                })
            }))
            .collect();
        let adapter = Adapter {
            diagnostic,
            labels: near,
            source,
            path: &report.source.path,
            related,
        };
        if handler.render_report(&mut out, &adapter).is_err() {
            out.push_str(&format!("{}: {}\n", report.source.path, diagnostic.message));
        }
        // miette would title related reports "Advice:"; render them as plain notes.
        for note in &adapter.related {
            let _ = handler.render_report(&mut out, note);
        }
        out.push('\n');
    }
    out
}

/// A file's text under its path, as miette reads snippets from it. It borrows the text where
/// miette's `NamedSource` would own a copy of every file of the run.
#[derive(Debug, Clone, Copy)]
struct Named<'a> {
    path: &'a str,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.path.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// `checked 14 links (2 from the link store): 11 ok, 1 broken, 1 redirected, 1 excluded`
pub fn links_line(run: &LinkRun) -> String {
    use crate::links::status::LinkStatus;
    let cached = run.links.iter().filter(|l| l.result.cached).count();
    let counts: Vec<String> = [
        LinkStatus::Ok,
        LinkStatus::Broken,
        LinkStatus::Soft404,
        LinkStatus::Redirected,
        LinkStatus::ServerError,
        LinkStatus::Timeout,
        LinkStatus::Blocked,
        LinkStatus::Excluded,
    ]
    .into_iter()
    .filter_map(|status| {
        let n = run
            .links
            .iter()
            .filter(|l| l.result.status == status)
            .count();
        (n > 0).then(|| format!("{n} {}", status.as_str()))
    })
    .collect();
    let from_store = if cached > 0 {
        format!(" ({cached} from the link store)")
    } else {
        String::new()
    };
    let counts = if counts.is_empty() {
        String::new()
    } else {
        format!(": {}", counts.join(", "))
    };
    format!(
        "checked {}{from_store}{counts}",
        plural(run.links.len(), "link")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `checked 8 files: 3 errors, 1 warning, 0 infos in 12 ms`
pub fn summary_line(s: &Summary) -> String {
    format!(
        "checked {}: {}, {}, {} in {} ms",
        plural(s.files, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        s.elapsed.as_millis()
    )
}

/// Presents one of our diagnostics to miette.
/// Labels more than this many lines from the primary label get a snippet of their own.
const NEAR_LINES: usize = 3;

struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    /// The labels shown in the main snippet (the rest are in `related`).
    labels: Vec<&'a Label>,
    source: &'a Named<'a>,
    path: &'a str,
    related: Vec<RelatedAdapter<'a>>,
}

/// A second place the finding is about (further down the file, or in another file),
/// rendered as its own snippet under the finding.
#[derive(Debug)]
struct RelatedAdapter<'a> {
    /// `None` for the same file.
    path: Option<&'a str>,
    span: Span,
    message: &'a str,
    source: &'a Named<'a>,
}

impl fmt::Display for RelatedAdapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path {
            Some(path) => write!(f, "and in {path}"),
            None => f.write_str("and here"),
        }
    }
}

impl std::error::Error for RelatedAdapter<'_> {}

impl miette::Diagnostic for RelatedAdapter<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = (self.span.start, self.span.len());
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.message.to_string()), span),
        )))
    }
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adapter")
            .field("diagnostic", self.diagnostic)
            .finish()
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Without a label miette shows no file name, so the message carries it.
        if self.diagnostic.labels.is_empty() {
            write!(f, "{}: {}", self.path, self.diagnostic.message)
        } else {
            f.write_str(&self.diagnostic.message)
        }
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.diagnostic.rule.code, self.diagnostic.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.diagnostic.labels.is_empty()).then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(
            |(i, label)| {
                let span = (label.span.start, label.span.len());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(label.message.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(label.message.clone()), span)
                }
            },
        )))
    }
}
