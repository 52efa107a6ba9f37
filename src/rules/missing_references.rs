//! HL104 missing-references: the article lists no references.

use crate::article::Format;
use crate::diagnostic::Diagnostic;
use crate::schema::SchemaFailure;

declare_rule! {
    /// ## What it does
    /// Checks that the article lists at least one reference: a `references:` list in the front
    /// matter, a `References`/`Sources` section, or footnotes; in plain text, a block after
    /// `References:`, `Sources:` or `Further reading:`.
    ///
    /// ## Why is this bad?
    /// Attribution is one of the four JAMA benchmarks for health information (Silberg et al.,
    /// JAMA 1997): a reader must be able to check where a claim comes from.
    ///
    /// ## Example
    /// An article that recommends exercises and ends without any sources.
    ///
    /// ## How to fix
    /// Add a references section listing each source's title, link and the date you opened it.
    pub static MISSING_REFERENCES = { code: "HL104", name: "missing-references", severity: Error }
}

pub fn diagnostic(f: &SchemaFailure, format: Format) -> Diagnostic {
    let help = match format {
        Format::Markdown => {
            "add `references:` to the front matter (each with `title`, `url` and `accessed`), or a `## References` section"
        }
        Format::Text => {
            "end the article with a `References:` block: a numbered title, `- Link: https://…` and `- Reference Date: 2025-07-19` for each source"
        }
    };
    let message = if f.keyword == "required" {
        "the article lists no references"
    } else {
        "the reference list is empty"
    };
    Diagnostic::new(&MISSING_REFERENCES, message)
        .with_label(f.span, "no references for this article")
        .with_help(help)
}
