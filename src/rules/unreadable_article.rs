//! HL103 unreadable-article: the file could not be read as an article.

use crate::article::Unreadable;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be read as an article at all: not UTF-8, binary, empty,
    /// too large, front matter that is never closed or is not valid YAML (including YAML alias
    /// bombs and absurdly deep nesting), or a path that cannot be read.
    ///
    /// ## Why is this bad?
    /// Nothing else can be checked in a file that cannot be read; the rest of the run goes on.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// title: Knee pain
    /// (no closing ---)
    /// ```
    ///
    /// ## How to fix
    /// Follow the help line: save the file as UTF-8, close the front matter with `---`, fix the
    /// YAML at the underlined place.
    pub static UNREADABLE_ARTICLE = { code: "HL103", name: "unreadable-article", severity: Error }
}

pub fn diagnostic(u: &Unreadable) -> Diagnostic {
    let d = Diagnostic::new(&UNREADABLE_ARTICLE, u.message.clone()).with_help(u.help.clone());
    match u.span {
        Some(span) => d.with_label(span, "cannot be read"),
        None => d,
    }
}
