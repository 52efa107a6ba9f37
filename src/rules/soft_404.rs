//! HL406 soft-404: a cited URL that answers with a “not found” page.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a cited URL that answers 200 OK with a page that says it was not found (its title
    /// or first heading reads "Page not found", "404" or "this page doesn't exist").
    ///
    /// ## Why is this bad?
    /// Many sites send their "not found" page with a success status, so a status check alone
    /// passes a dead link. Readers land on an error page.
    ///
    /// ## Example
    /// ```text
    /// - Link: https://www.example.org/articles/shin-splints
    /// (200 OK, but the page is titled "Page not found | Example Health")
    /// ```
    ///
    /// ## How to fix
    /// Find where the page moved and cite the new address, or cite an archived copy. If the page
    /// is fine, exclude it with `links.exclude`.
    pub static SOFT_404 = { code: "HL406", name: "soft-404", severity: Warning }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    Diagnostic::new(&SOFT_404, format!("this link answers with a “not found” page: {}", result.detail))
        .with_label(span, "cited here")
        .with_help("find where the page moved and cite the new address, or cite an archived copy; if the page is fine, add it to `links.exclude`")
}
