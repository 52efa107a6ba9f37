//! HL404 redirected-link: a cited URL that moved permanently.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a cited URL that redirects permanently (301 or 308) to another address. Temporary
    /// redirects (302, 303, 307) are fine and not reported.
    ///
    /// ## Why is this bad?
    /// The site has told the world the page lives elsewhere now. Old addresses are kept working
    /// for a while and then dropped, so today's redirect is tomorrow's broken link.
    ///
    /// ## Example
    /// ```text
    /// - Link: http://www.example.org/back-pain
    /// (301 Moved Permanently to https://www.example.org/conditions/back-pain/)
    /// ```
    ///
    /// ## How to fix
    /// Cite the new address, which the finding's help shows.
    pub static REDIRECTED_LINK = { code: "HL404", name: "redirected-link", severity: Warning }
}

/// The finding for one citation of the URL.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    let new = result.moved_to.as_deref().or(result.final_url.as_deref());
    Diagnostic::new(
        &REDIRECTED_LINK,
        format!(
            "this link has moved permanently{}",
            new.map(|u| format!(" to {u}")).unwrap_or_default()
        ),
    )
    .with_label(span, "cited here")
    .with_help(match new {
        Some(u) => format!("cite the new address: {u}"),
        None => "cite the page's new address".to_string(),
    })
}
