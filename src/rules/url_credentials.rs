//! HL208 url-credentials: a URL with a user name or password in it.

use super::{Context, cited_urls};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Flags a reference or link URL that carries a user name or password
    /// (`https://user:secret@host/page`).
    ///
    /// ## Why is this bad?
    /// Published credentials are leaked credentials, and readers cannot open the page anyway.
    ///
    /// ## Example
    /// ```text
    /// - Link: https://editor:hunter2@intranet.example.org/guide
    /// ```
    ///
    /// ## How to fix
    /// Cite the public address of the page; change the password that was published.
    pub static URL_CREDENTIALS = { code: "HL208", name: "url-credentials", severity: Error }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for cited in cited_urls(ctx) {
        let Ok(url) = url::Url::parse(&cited.url.value) else {
            continue;
        };
        if url.username().is_empty() && url.password().is_none() {
            continue;
        }
        let what = if url.password().is_some() {
            "a user name and password"
        } else {
            "a user name"
        };
        out.push(
            Diagnostic::new(
                &URL_CREDENTIALS,
                format!("{} contains {what}", cited.describe),
            )
            .with_label(cited.url.span, "credentials in the URL")
            .with_help(
                "cite the public address of the page, and change the password that was published",
            ),
        );
    }
}
