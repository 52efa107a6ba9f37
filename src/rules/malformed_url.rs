//! HL206 malformed-url: a URL a browser cannot open as written.

use super::{Context, cited_urls};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks every reference and link URL: it must start with `http://` or `https://`, contain
    /// no spaces, not be a `javascript:` or `data:` URL, and point at a page rather than a whole
    /// site (`https://example.org` with no path). A full stop that ends the sentence after a URL
    /// is not part of the URL.
    ///
    /// ## Why is this bad?
    /// A reader cannot follow a malformed link, and a link checker cannot verify it. A bare
    /// domain does not say which page supports the claim (HONcode principle 4 asks for a precise
    /// link to the source).
    ///
    /// ## Example
    /// ```text
    /// - Link: htp://www.example.org/knee pain
    /// - Link: www.example.org/knee
    /// - Link: https://www.example.org
    /// ```
    ///
    /// ## How to fix
    /// Copy the address from the browser's address bar while the cited page is open.
    pub static MALFORMED_URL = { code: "HL206", name: "malformed-url", severity: Error }
}

/// Typed variants of `http`/`https` seen in real articles.
const SCHEME_TYPOS: &[&str] = &[
    "htp", "htps", "htttp", "htttps", "hhtp", "hhtps", "http:", "https:", "ttp", "ttps", "hxxp",
    "hxxps",
];

/// What is wrong with `raw`, if anything, in words an editor understands.
pub fn problem(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if raw.chars().any(char::is_whitespace) {
        return Some("contains a space".into());
    }
    for script in ["javascript:", "vbscript:", "data:"] {
        if lower.starts_with(script) {
            return Some(format!(
                "is a `{}` URL, not a web page",
                script.trim_end_matches(':')
            ));
        }
    }
    let Some((scheme, rest)) = lower.split_once(':') else {
        return Some("has no `https://` at the start".into());
    };
    if !rest.starts_with("//") {
        if scheme.starts_with("http") {
            return Some(format!(
                "`{scheme}:{}` is missing a slash after the scheme",
                rest.chars().take(1).collect::<String>()
            ));
        }
        if scheme.contains('.') || scheme.starts_with("www") {
            return Some("has no `https://` at the start".into());
        }
    }
    if scheme != "http" && scheme != "https" {
        if SCHEME_TYPOS.contains(&scheme) || (scheme.len() <= 6 && scheme.contains("tp")) {
            return Some(format!(
                "starts with `{scheme}://`, which is not a scheme (did you mean `https://`?)"
            ));
        }
        if scheme.contains('.') {
            return Some("has no `https://` at the start".into());
        }
        return None; // mailto:, ftp: and the like are not web references; the link checker skips them.
    }
    let url = match url::Url::parse(raw) {
        Ok(url) => url,
        Err(e) => return Some(format!("is not a valid address ({e})")),
    };
    let host = url.host_str().unwrap_or_default();
    if !host.contains('.')
        && host != "localhost"
        && url
            .host()
            .is_some_and(|h| matches!(h, url::Host::Domain(_)))
    {
        return Some(format!("has `{host}` as its host, which is not a domain"));
    }
    if (url.path() == "/" || url.path().is_empty()) && url.query().is_none() {
        return Some(format!(
            "points at the whole site `{host}`, not the page you cited"
        ));
    }
    None
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for cited in cited_urls(ctx) {
        let Some(problem) = problem(&cited.url.value) else {
            continue;
        };
        let help = if problem.contains("whole site") {
            "cite the page itself: open it and copy the address from the browser's address bar"
        } else {
            "copy the address from the browser's address bar while the cited page is open"
        };
        out.push(
            Diagnostic::new(&MALFORMED_URL, format!("{} {problem}", cited.describe))
                .with_label(cited.url.span, "malformed URL")
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn malformed() {
        for url in [
            "htp://www.example.org/page",
            "www.example.org/page",
            "example.org/page",
            "https://www.example.org",
            "https://www.example.org/",
            "https://example.org/knee pain",
            "javascript:alert(1)",
            "https:/example.org/page",
        ] {
            assert!(problem(url).is_some(), "{url}");
        }
    }

    #[test]
    fn well_formed() {
        for url in [
            "https://www.example.org/page",
            "http://example.org/a?b=c",
            "https://example.org/?id=3",
            "https://example.org/page#section",
            "mailto:editor@example.org",
        ] {
            assert_eq!(problem(url), None, "{url}");
        }
    }
}
