//! HL102 missing-title: the article has no title.

use crate::article::Format;
use crate::diagnostic::Diagnostic;
use crate::schema::SchemaFailure;

declare_rule! {
    /// ## What it does
    /// Checks that the article has a title: `title:` in the front matter or a `# Title` heading
    /// in Markdown; in plain text, a short first line or the first heading.
    ///
    /// ## Why is this bad?
    /// Readers, search engines and reviewers identify a page by its title; an untitled article
    /// cannot be cited, reviewed or audited.
    ///
    /// ## Example
    /// A Markdown file whose front matter has `authors` and `references` but no `title`.
    ///
    /// ## How to fix
    /// Add `title: Knee pain: exercises that help` to the front matter, or start the body with a
    /// `# Knee pain: exercises that help` heading.
    pub static MISSING_TITLE = { code: "HL102", name: "missing-title", severity: Error }
}

pub fn diagnostic(f: &SchemaFailure, format: Format) -> Diagnostic {
    let help = match format {
        Format::Markdown => {
            "add `title: …` to the front matter, or start the article with a `# Title` heading"
        }
        Format::Text => {
            "start the article with a short title line, such as `Knee pain: exercises that help`"
        }
    };
    Diagnostic::new(&MISSING_TITLE, "the article has no title")
        .with_label(f.span, "a title belongs here")
        .with_help(help)
}
