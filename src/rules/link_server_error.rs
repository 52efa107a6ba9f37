//! HL402 link-server-error: a cited URL whose server fails.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a cited URL whose server answered with an error (5xx) or dropped the connection on
    /// every attempt, after retries with backoff.
    ///
    /// ## Why is this bad?
    /// The page cannot be read right now. Server errors are often temporary, so this is a
    /// warning; one that persists across runs usually means the site is failing.
    ///
    /// ## Example
    /// ```text
    /// - Link: https://journal.example.org/article/123
    /// (503 Service Unavailable after 3 attempts)
    /// ```
    ///
    /// ## How to fix
    /// Check again later. If the error persists, replace the source or cite an archived copy.
    pub static LINK_SERVER_ERROR = { code: "HL402", name: "link-server-error", severity: Warning }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    Diagnostic::new(&LINK_SERVER_ERROR, format!("the server could not serve this link: {}", result.detail))
        .with_label(span, "cited here")
        .with_help("server errors are often temporary; check again later, and if it persists, cite an archived copy or another source")
}
