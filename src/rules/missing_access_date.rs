//! HL201 missing-access-date: a reference has no access date.

use crate::article::Format;
use crate::diagnostic::Diagnostic;
use crate::rules::schema_violation::describe;
use crate::schema::SchemaFailure;

declare_rule! {
    /// ## What it does
    /// Checks that every reference says when its page was opened: `accessed:` in front matter,
    /// or a `Reference Date:`, `Accessed:` or `Retrieved on` line under the reference.
    ///
    /// ## Why is this bad?
    /// Web pages change and disappear. An access date tells readers and auditors which version
    /// supported the article and how old the evidence is.
    ///
    /// ## Example
    /// ```text
    /// 1. Sciatica exercises
    /// - Link: https://example.org/sciatica
    /// ```
    ///
    /// ## How to fix
    /// Write the date you opened the page, as `2025-07-19`.
    pub static MISSING_ACCESS_DATE = { code: "HL201", name: "missing-access-date", severity: Error }
}

pub fn diagnostic(f: &SchemaFailure, format: Format) -> Diagnostic {
    let from_front_matter =
        f.instance.get("origin").and_then(|o| o.as_str()) == Some("front-matter");
    let help = match (format, from_front_matter) {
        (_, true) => "write the date you opened the page, as `accessed: 2025-07-19`",
        (Format::Markdown, false) => {
            "write the date you opened the page after the link, as `accessed 2025-07-19`"
        }
        (Format::Text, false) => {
            "write the date you opened the page on a line under the link, as `- Reference Date: 2025-07-19`"
        }
    };
    Diagnostic::new(
        &MISSING_ACCESS_DATE,
        format!("{} has no access date", describe(f)),
    )
    .with_label(f.span, "this reference needs the date it was accessed")
    .with_help(help)
}
