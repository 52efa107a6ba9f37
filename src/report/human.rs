//! The human report: each finding rendered the way rustc renders a compile error (miette's
//! graphical handler), grouped by file in input order, then one summary line. This is the only
//! module that uses miette.

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::FileReport;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
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

/// Renders every finding and the summary line.
pub fn render(reports: &[FileReport], summary: &Summary, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(1);
    let mut out = String::new();
    for report in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
        let source = NamedSource::new(&report.source.path, report.source.text.clone());
        for diagnostic in &report.diagnostics {
            let adapter = Adapter {
                diagnostic,
                source: &source,
                path: &report.source.path,
            };
            if handler.render_report(&mut out, &adapter).is_err() {
                out.push_str(&format!("{}: {}\n", report.source.path, diagnostic.message));
            }
            out.push('\n');
        }
    }
    if !options.quiet {
        out.push_str(&summary_line(summary));
        out.push('\n');
    }
    out
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
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
    path: &'a str,
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
        if self.diagnostic.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
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
