//! HL401 broken-link: a cited URL that is gone.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks each cited URL over the network and flags one that is gone: 404 Not Found, 410 Gone,
    /// a host name that does not resolve, a refused connection, or a redirect loop.
    ///
    /// ## Why is this bad?
    /// A reader who follows the citation finds nothing, and the claim it supports loses its
    /// evidence. Studies of medical journals found 13% of web references dead after 27 months.
    ///
    /// ## Example
    /// ```text
    /// 2. Knee osteoarthritis: exercise
    /// - Link: https://www.example-clinic.org/knee/exercise-old
    /// (the server answers 404 Not Found)
    /// ```
    ///
    /// ## How to fix
    /// Find where the page moved (searching for its title usually works) and cite the new
    /// address, cite an archived copy (for example from the Wayback Machine), or replace the
    /// source.
    pub static BROKEN_LINK = { code: "HL401", name: "broken-link", severity: Error }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    let detail = result.detail.to_ascii_lowercase();
    let help = if detail.contains("certificate") || detail.contains("tls") {
        "the site's secure connection failed: open it in a browser; if the browser warns too, \
         cite another source or an archived copy"
    } else {
        "find where the page moved (a search for its title usually works) and cite the new \
         address, or cite an archived copy"
    };
    Diagnostic::new(
        &BROKEN_LINK,
        format!("this link is broken: {}", result.detail),
    )
    .with_label(span, "cited here")
    .with_help(help)
}
