//! HL403 link-timeout: a cited URL that does not answer.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a cited URL whose server gave no answer within the timeout, after retries.
    ///
    /// ## Why is this bad?
    /// A reader may find the page just as unreachable. A timeout is not proof that the page is
    /// gone, so this is a warning.
    ///
    /// ## Example
    /// ```text
    /// - Link: https://slow.example.org/guidance.pdf
    /// (no answer within 10 s after 3 attempts)
    /// ```
    ///
    /// ## How to fix
    /// Open the link in a browser. If it is only slow, raise `--timeout` (or `links.timeout` in
    /// the configuration); if it is down, cite an archived copy or another source.
    pub static LINK_TIMEOUT = { code: "HL403", name: "link-timeout", severity: Warning }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    Diagnostic::new(&LINK_TIMEOUT, format!("no answer from this link: {}", result.detail))
        .with_label(span, "cited here")
        .with_help("open it in a browser; if the site is only slow, raise `--timeout` (or `links.timeout` in the configuration)")
}
