//! What became of one URL: a [`LinkStatus`] with the detail a person needs (the HTTP status,
//! where it redirected, why it was not checked). A broken link is a value here, not an error.
//! Also the pure judgements made on a response: which HTTP statuses mean what, whether a 403 is
//! a bot wall, and whether a 200 page says it was not found (a soft 404).

use crate::built_in_regex as regex;
use crate::pattern::Pattern;
use serde::Serialize;

/// The outcome for one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStatus {
    Ok,
    /// A permanent redirect (301, 308): the citation should use the new address.
    Redirected,
    /// 404, 410, a name that does not resolve, a refused connection, a redirect loop.
    Broken,
    /// 5xx (or a reset connection) after retries.
    ServerError,
    /// No answer within the deadline, after retries.
    Timeout,
    /// 401, 403, 429 after retries, 999, a bot challenge: unverifiable, not proof of death.
    Blocked,
    /// A 200 page that says it was not found.
    Soft404,
    /// Not checked: private address, excluded pattern, unsupported scheme.
    Excluded,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Redirected => "redirected",
            LinkStatus::Broken => "broken",
            LinkStatus::ServerError => "server-error",
            LinkStatus::Timeout => "timeout",
            LinkStatus::Blocked => "blocked",
            LinkStatus::Soft404 => "soft-404",
            LinkStatus::Excluded => "excluded",
        }
    }

    pub fn parse(text: &str) -> Option<LinkStatus> {
        [
            LinkStatus::Ok,
            LinkStatus::Redirected,
            LinkStatus::Broken,
            LinkStatus::ServerError,
            LinkStatus::Timeout,
            LinkStatus::Blocked,
            LinkStatus::Soft404,
            LinkStatus::Excluded,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One hop of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Hop {
    pub url: String,
    pub http_status: u16,
}

/// Everything known about one checked URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkResult {
    pub url: String,
    pub status: LinkStatus,
    /// The last HTTP status received, if any.
    pub http_status: Option<u16>,
    /// Where the redirects ended, when they did.
    pub final_url: Option<String>,
    /// What happened, in words: "404 Not Found", "moved permanently to https://…".
    pub detail: String,
    /// Every redirect followed, in order.
    pub redirects: Vec<Hop>,
    /// For a permanent redirect, the address to cite instead: where the chain's leading
    /// permanent redirects end (a temporary redirect after them is not a new address).
    pub moved_to: Option<String>,
    /// Whether this result came from the cache rather than the network.
    #[serde(skip)]
    pub cached: bool,
}

impl LinkResult {
    pub fn new(url: &str, status: LinkStatus, detail: impl Into<String>) -> Self {
        Self {
            url: url.to_string(),
            status,
            http_status: None,
            final_url: None,
            detail: detail.into(),
            redirects: Vec::new(),
            moved_to: None,
            cached: false,
        }
    }
}

/// What an HTTP status means for a link, before any body is read. `accepted` statuses
/// (configured) count as ok.
pub fn classify(code: u16, bot_challenge: bool, accepted: &[u16]) -> LinkStatus {
    if accepted.contains(&code) {
        return LinkStatus::Ok;
    }
    match code {
        _ if bot_challenge => LinkStatus::Blocked,
        200..=299 => LinkStatus::Ok,
        401 | 403 | 429 | 999 => LinkStatus::Blocked,
        500..=599 => LinkStatus::ServerError,
        _ => LinkStatus::Broken,
    }
}

/// Whether response headers show a bot wall rather than an answer: Cloudflare's
/// `cf-mitigated: challenge`, or a challenge page served with 403/503.
pub fn is_bot_challenge(code: u16, header: impl Fn(&str) -> Option<String>) -> bool {
    if header("cf-mitigated").is_some_and(|v| v.eq_ignore_ascii_case("challenge")) {
        return true;
    }
    let cloudflare = header("server").is_some_and(|v| v.eq_ignore_ascii_case("cloudflare"));
    (code == 403 || code == 503) && (cloudflare && header("cf-ray").is_some())
}

/// Whether a page that answered 200 says it was not found, judged from its `<title>` and its
/// first heading: "Page not found", "404", "This page doesn't exist".
pub fn looks_not_found(html: &str) -> bool {
    static TITLE: Pattern =
        Pattern::new(|| regex(r"(?is)<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>"));
    static NOT_FOUND: Pattern = Pattern::new(|| {
        regex(
            r"(?ix)\b(?:404|410)\b|\b(?:page|file|article|document|resource|content)\s+(?:was\s+|is\s+|could\s+not\s+be\s+|cannot\s+be\s+|can[’']?t\s+be\s+)?(?:not\s+found|no\s+longer\s+available|missing|removed|gone)\b
              |\bnot\s+found\b|\b(?:page|this\s+page)\s+(?:does\s+not|doesn[’']?t)\s+exist\b|\bno\s+longer\s+exists\b",
        )
    });
    TITLE.local().captures_iter(html).take(3).any(|c| {
        let text = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
        NOT_FOUND.local().is_match(text)
    })
}

/// "404 Not Found" for a status code.
pub fn describe_code(code: u16) -> String {
    let reason = match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        999 => "Request Denied",
        _ => "",
    };
    if reason.is_empty() {
        format!("HTTP {code}")
    } else {
        format!("{code} {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_by_code() {
        assert_eq!(classify(200, false, &[]), LinkStatus::Ok);
        assert_eq!(classify(404, false, &[]), LinkStatus::Broken);
        assert_eq!(classify(410, false, &[]), LinkStatus::Broken);
        assert_eq!(classify(403, false, &[]), LinkStatus::Blocked);
        assert_eq!(classify(999, false, &[]), LinkStatus::Blocked);
        assert_eq!(classify(503, false, &[]), LinkStatus::ServerError);
        assert_eq!(classify(503, true, &[]), LinkStatus::Blocked);
        assert_eq!(classify(403, false, &[403]), LinkStatus::Ok);
    }

    #[test]
    fn bot_challenges() {
        let headers = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(is_bot_challenge(
            403,
            headers(&[("cf-mitigated", "challenge")])
        ));
        assert!(is_bot_challenge(
            503,
            headers(&[("server", "cloudflare"), ("cf-ray", "8a1b")])
        ));
        assert!(!is_bot_challenge(403, headers(&[("server", "nginx")])));
    }

    #[test]
    fn soft_404_pages() {
        assert!(looks_not_found(
            "<html><title>Page not found | Clinic</title>"
        ));
        assert!(looks_not_found(
            "<title>Oops</title><h1>404 - this page doesn't exist</h1>"
        ));
        assert!(looks_not_found(
            "<TITLE>Sorry, this page does not exist</TITLE>"
        ));
        assert!(!looks_not_found(
            "<title>Knee pain: exercises that help</title>"
        ));
        assert!(!looks_not_found(
            "<title>Foot pain</title><p>not found in children</p>"
        ));
    }
}
