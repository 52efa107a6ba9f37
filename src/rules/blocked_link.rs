//! HL405 blocked-link: a cited URL whose server refused the check.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a cited URL whose server refused to answer the checker: 401, 403, 429 (after
    /// retries that honour `Retry-After`), 999, or a bot challenge page such as Cloudflare's.
    ///
    /// ## Why is this bad?
    /// The link could not be verified. This is not proof that the page is gone: many sites turn
    /// away anything that is not a browser. It is a warning so that someone looks once.
    ///
    /// ## Example
    /// ```text
    /// - Link: https://www.example-journal.com/doi/10.1000/xyz
    /// (403 Forbidden: a bot challenge)
    /// ```
    ///
    /// ## How to fix
    /// Open the link in a browser. If it loads, tell healthlint to trust it: add the status to
    /// `links.accepted_statuses` or the URL to `links.exclude` in `.healthlint.yaml`.
    pub static BLOCKED_LINK = { code: "HL405", name: "blocked-link", severity: Warning }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    Diagnostic::new(&BLOCKED_LINK, format!("this link could not be verified: {}", result.detail))
        .with_label(span, "cited here")
        .with_help("this is not proof the page is gone; open it in a browser, and if it loads, add the status to `links.accepted_statuses` or the URL to `links.exclude` in `.healthlint.yaml`")
}
