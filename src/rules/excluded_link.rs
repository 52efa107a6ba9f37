//! HL407 excluded-link: a cited URL that was not checked.

use crate::diagnostic::Diagnostic;
use crate::links::status::LinkResult;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Notes a cited URL that was not checked: a private, loopback or link-local address (refused
    /// unless `--allow-private` or `--allow-host` allows it), a URL matching an exclude pattern,
    /// or a scheme other than http and https (`mailto:` addresses are checked for their form).
    ///
    /// ## Why is this bad?
    /// It is not bad in itself; it says which links the run could not vouch for. Content
    /// repositories take pull requests from strangers, so internal addresses are never
    /// contacted by default.
    ///
    /// ## Example
    /// ```text
    /// - Link: http://192.168.1.20/intranet/back-care.pdf
    /// (not checked: 192.168.1.20 is a private address)
    /// ```
    ///
    /// ## How to fix
    /// Cite a public source. If the address is meant to be checked, allow it with
    /// `--allow-host HOST[:PORT]` (or `links.allow_hosts`); turn this note off with
    /// `rules: {HL407: off}`.
    pub static EXCLUDED_LINK = { code: "HL407", name: "excluded-link", severity: Info }
}

/// The finding for one citation of the URL, with help that fits why it was not checked.
pub fn finding(result: &LinkResult, span: Span) -> Diagnostic {
    let why = result
        .detail
        .strip_prefix("not checked: ")
        .unwrap_or(&result.detail);
    let scheme = result.url.split(':').next().unwrap_or("");
    let help = if !matches!(scheme, "http" | "https") {
        "only http and https links are checked; turn these notes off with `rules: {HL407: off}`"
            .to_string()
    } else if why.starts_with("excluded by") {
        "the pattern comes from `--exclude` or `links.exclude` in `.healthlint.yaml`".to_string()
    } else {
        "cite a public source, or allow the host with `--allow-host HOST[:PORT]` (or \
         `links.allow_hosts` in `.healthlint.yaml`)"
            .to_string()
    };
    Diagnostic::new(&EXCLUDED_LINK, format!("this link was not checked: {why}"))
        .with_label(span, "cited here")
        .with_help(help)
}
