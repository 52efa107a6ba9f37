//! Live link checking, as a typed pipeline: which URLs an article cites (this file), which may
//! be checked and how politely (`policy.rs`, pure), what became of each (`status.rs`, pure),
//! the network client that asks (`check.rs`), and the results kept between runs (`store.rs`).
//! Each URL is checked once per run however often it is cited; its result is reported at every
//! place that cites it.

pub mod check;
pub mod policy;
pub mod status;
pub mod store;

use crate::article::Article;
use crate::source::{Span, Spanned};
use check::{CheckError, CheckOptions};
use status::{LinkResult, LinkStatus};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// How links are checked in this run.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub check: CheckOptions,
    /// The store of earlier results; `None` with `--no-cache`.
    pub store: Option<PathBuf>,
    /// How long an ok result is reused.
    pub cache_max_age: Duration,
}

impl Default for LinkSettings {
    fn default() -> Self {
        Self {
            check: CheckOptions::default(),
            store: Some(PathBuf::from(store::DEFAULT_PATH)),
            cache_max_age: Duration::from_secs(24 * 3600),
        }
    }
}

/// One place a URL is cited: which file of the run, and the bytes of the URL there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    pub file: usize,
    pub span: Span,
}

/// One URL of the run: what became of it and every place it is cited.
#[derive(Debug, Clone)]
pub struct CheckedLink {
    pub result: LinkResult,
    pub citations: Vec<Citation>,
}

/// What a run of link checks produced.
#[derive(Debug, Clone, Default)]
pub struct LinkRun {
    /// In the order the URLs are first cited.
    pub links: Vec<CheckedLink>,
    /// Problems that did not stop the run (a store that could not be used).
    pub warnings: Vec<String>,
}

/// The absolute URLs an article cites, references and body links alike, each place once, in
/// text order. Relative links (`#section`, `other.md`) are not web references and are left out;
/// malformed URLs are HL206's business.
pub fn cited(article: &Article) -> Vec<Spanned<String>> {
    let mut urls: Vec<Spanned<String>> = article
        .references
        .iter()
        .filter_map(|r| r.url.clone())
        .chain(article.links.iter().map(|l| l.url.clone()))
        .map(|u| Spanned::new(u.value.trim().to_string(), u.span))
        .filter(|u| url::Url::parse(&u.value).is_ok())
        .collect();
    urls.sort_by_key(|u| (u.span.start, u.span.end));
    urls.dedup_by_key(|u| u.span);
    urls
}

/// The URL that is fetched for a citation: the fragment names a place in the page, not a
/// different page, so `…/page#a` and `…/page#b` are one check.
pub fn fetched(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => url.to_string(),
    }
}

/// Checks every URL the files cite, once each, reusing fresh ok results from the store and
/// recording new ones. `files` gives each file's index in the run and its citations; `now` is
/// seconds since the Unix epoch; `on_result` is called as each URL is settled.
pub fn run<'a>(
    files: impl IntoIterator<Item = (usize, &'a [Spanned<String>])>,
    settings: &LinkSettings,
    now: i64,
    on_result: &(dyn Fn(&LinkResult) + Sync),
) -> Result<LinkRun, CheckError> {
    let mut links: Vec<CheckedLink> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (file, urls) in files {
        for url in urls {
            let key = fetched(&url.value);
            let at = *index.entry(key.clone()).or_insert_with(|| {
                links.push(CheckedLink {
                    result: LinkResult::new(&key, LinkStatus::Excluded, ""),
                    citations: Vec::new(),
                });
                links.len() - 1
            });
            links[at].citations.push(Citation {
                file,
                span: url.span,
            });
        }
    }

    let mut warnings = Vec::new();
    let mut store = match &settings.store {
        Some(path) => match store::Store::open(path) {
            Ok(store) => Some(store),
            Err(e) => {
                warnings.push(format!("{e}; links are checked without it"));
                None
            }
        },
        None => None,
    };
    let mut pending: Vec<usize> = Vec::new();
    for (i, link) in links.iter_mut().enumerate() {
        // A stored result stands only for a URL this run would check: not one excluded now,
        // nor an address the guard refuses now.
        let reusable = checked_today(&link.result.url, &settings.check);
        match store
            .as_ref()
            .filter(|_| reusable)
            .and_then(|s| s.fresh(&link.result.url, now, settings.cache_max_age))
        {
            Some(cached) => {
                on_result(&cached);
                link.result = cached;
            }
            None => pending.push(i),
        }
    }
    let urls: Vec<String> = pending
        .iter()
        .map(|&i| links[i].result.url.clone())
        .collect();
    let results = check::check_all(&urls, &settings.check, on_result)?;
    for (&i, result) in pending.iter().zip(results) {
        links[i].result = result;
    }
    if let Some(store) = store.as_mut() {
        let fresh: Vec<&LinkResult> = pending.iter().map(|&i| &links[i].result).collect();
        if let Err(e) = store.record(&fresh, now) {
            warnings.push(format!("cannot record link results: {e}"));
        }
    }
    Ok(LinkRun { links, warnings })
}

/// Whether this run's options allow checking `url` at all: its scheme and the exclude
/// patterns, and, for an address written in the URL, the address guard.
fn checked_today(url: &str, options: &CheckOptions) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    if policy::checkable(&parsed, &options.exclude).is_err() {
        return false;
    }
    let port = parsed.port_or_known_default().unwrap_or(80);
    let host = parsed.host_str().unwrap_or_default();
    let ip = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => std::net::IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => std::net::IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return true,
        None => return false,
    };
    options.guard.refuses(host, port, ip).is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::article::markdown;
    use crate::source::SourceFile;

    #[test]
    fn stored_results_stand_only_for_urls_this_run_would_check() {
        let mut options = CheckOptions::default();
        assert!(checked_today("https://example.org/a", &options));
        assert!(!checked_today("http://127.0.0.1:8080/a", &options));
        assert!(!checked_today("mailto:a@example.org", &options));
        options.exclude.push(regex::Regex::new("example").unwrap());
        assert!(!checked_today("https://example.org/a", &options));
        options
            .guard
            .allowed_hosts
            .push(policy::AllowedHost::parse("127.0.0.1:8080").unwrap());
        assert!(checked_today("http://127.0.0.1:8080/a", &options));
    }

    #[test]
    fn citations_are_absolute_urls_once_per_place() {
        let text = "# Back pain\n\nSee [the guide](https://example.org/guide#exercises), \
                    [below](#references) and [notes](notes.md).\n\n## References\n\n\
                    1. [Guide](https://example.org/guide) (accessed 1 March 2025)\n";
        let source = SourceFile::new("a.md", text.to_string());
        let article = markdown::parse(&source).unwrap();
        let urls: Vec<String> = cited(&article).into_iter().map(|u| u.value).collect();
        assert_eq!(
            urls,
            [
                "https://example.org/guide#exercises",
                "https://example.org/guide"
            ]
        );
        assert_eq!(
            fetched("https://example.org/guide#exercises"),
            fetched("https://example.org/guide")
        );
    }
}
