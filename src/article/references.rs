//! Reads one line of a reference entry into its parts: a title, a URL, an access date. Shared by
//! the plain-text references block and Markdown reference lists and footnotes, so that
//! `- Link: …`, `URL: …`, a bare URL, `- Reference Date: …`, `Accessed: …`, `Retrieved on …` and
//! `(accessed …)` mean the same thing in both formats. Spans are relative to the line.

use crate::built_in_regex as regex;
use crate::pattern::Pattern;
use crate::source::Span;

/// The words that introduce an access date.
static DATE_LABEL: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)
        (?: \b(?:reference|access|accessed|retrieval|retrieved|citation)\s+date\s*:?
          | \bdate\s+(?:accessed|retrieved|viewed|of\s+access)\s*:?
          | \b(?:last\s+)?(?:accessed|retrieved|viewed|visited|consulted)(?:\s+on)?\s*:?
          | \bdate\s*:
        )\s*",
    )
});

/// The words that introduce a URL: `Link:`, `URL:`, `Available at:`.
static URL_LABEL: Pattern = Pattern::new(|| {
    regex(r"(?i)^(?:link|url|web|website|source|available\s+(?:at|from)|online)\s*:\s*")
});

/// Separators left between parts once they are taken out (`Title — accessed …`).
const SEPARATORS: &[char] = &[
    ' ', '\t', '—', '–', '-', ':', ',', ';', '.', '(', ')', '[', ']', '|', '*', '_',
];

/// The parts found on one line; each span is relative to the start of the line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineParts {
    pub title: Option<Span>,
    pub url: Option<Span>,
    pub date: Option<Span>,
}

/// Finds the first URL with a scheme in `text` (linkify), as a span of `text`.
pub fn find_url(text: &str) -> Option<Span> {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder
        .links(text)
        .next()
        .map(|l| Span::new(l.start(), l.end()))
}

/// All URLs with a scheme in `text`.
pub fn find_urls(text: &str) -> Vec<Span> {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder
        .links(text)
        .map(|l| Span::new(l.start(), l.end()))
        .collect()
}

/// Splits a reference line. A line that starts with a URL label takes the next word as its URL
/// even without a scheme (`Link: www.example.org/page`), so a malformed URL is still seen.
pub fn read_line(line: &str) -> LineParts {
    let mut parts = LineParts::default();
    let mut taken: Vec<Span> = Vec::new();

    if let Some(label) = URL_LABEL.local().find(line) {
        // The rest of the line is the URL, spaces and all (a space inside is a malformed URL
        // to report, not a place to cut), up to a date written on the same line.
        let rest = &line[label.end()..];
        let end = DATE_LABEL
            .local()
            .find(rest)
            .map_or(rest.len(), |m| m.start());
        let word = rest[..end]
            .trim_end()
            .trim_end_matches(['.', ',', ';'])
            .trim_end();
        if !word.is_empty() {
            parts.url = Some(Span::new(label.end(), label.end() + word.len()));
        }
        taken.push(Span::new(0, label.end() + end));
    } else if let Some(url) = find_url(line) {
        parts.url = Some(url);
        taken.push(url);
    }

    if let Some(label) = DATE_LABEL.local().find(line) {
        let already = taken
            .iter()
            .any(|t| t.start <= label.start() && label.start() < t.end);
        if !already {
            let mut end = line.len();
            if let Some(url) = parts.url.filter(|u| u.start >= label.end()) {
                end = url.start;
            }
            let raw = &line[label.end()..end];
            let trimmed = raw
                .trim_end()
                .trim_end_matches(['.', ')', ']', ',', ';', '—', '–'])
                .trim_end();
            if !trimmed.is_empty() {
                parts.date = Some(Span::new(label.end(), label.end() + trimmed.len()));
            }
            // An opening bracket just before the label belongs to the date: `(accessed …)`.
            let start = line[..label.start()].trim_end_matches('(').len();
            taken.push(Span::new(start, label.end() + raw.len()));
        }
    }

    // The title is the text before the first part that was taken out, if any is left.
    let first_taken = taken.iter().map(|t| t.start).min().unwrap_or(line.len());
    let head = &line[..first_taken];
    let trimmed_start = head.len() - head.trim_start_matches(SEPARATORS).len();
    let mut title = head
        .trim_start_matches(SEPARATORS)
        .trim_end_matches(SEPARATORS);
    // A closing bracket that closes one in the title stays: "Guide (draft)".
    let closes = |t: &str| t.matches('(').count() > t.matches(')').count();
    if head[trimmed_start + title.len()..].starts_with(')') && closes(title) {
        title = &head[trimmed_start..trimmed_start + title.len() + 1];
    }
    if title.chars().any(char::is_alphanumeric) {
        parts.title = Some(Span::new(trimmed_start, trimmed_start + title.len()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(line: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
        let p = read_line(line);
        let get = |s: Option<Span>| s.map(|s| &line[s.range()]);
        (get(p.title), get(p.url), get(p.date))
    }

    #[test]
    fn labelled_lines() {
        assert_eq!(
            show("Link: https://example.org/a"),
            (None, Some("https://example.org/a"), None)
        );
        assert_eq!(
            show("URL: www.example.org/a."),
            (None, Some("www.example.org/a"), None)
        );
        assert_eq!(
            show("Reference Date: 19/07/2025"),
            (None, None, Some("19/07/2025"))
        );
        assert_eq!(
            show("Accessed: July 19, 2025"),
            (None, None, Some("July 19, 2025"))
        );
        assert_eq!(
            show("Retrieved on 2 October 2025"),
            (None, None, Some("2 October 2025"))
        );
        assert_eq!(
            show("Wrist sprain guide (draft) https://example.org/w"),
            (
                Some("Wrist sprain guide (draft)"),
                Some("https://example.org/w"),
                None
            )
        );
        assert_eq!(
            show("Wrist sprain guide (accessed 2 October 2025)"),
            (Some("Wrist sprain guide"), None, Some("2 October 2025"))
        );
    }

    #[test]
    fn mixed_lines() {
        assert_eq!(
            show("Knee pain basics. https://example.org/knee Accessed 2025-07-15."),
            (
                Some("Knee pain basics"),
                Some("https://example.org/knee"),
                Some("2025-07-15")
            )
        );
        assert_eq!(
            show("Neck pain — accessed 2025-09-03"),
            (Some("Neck pain"), None, Some("2025-09-03"))
        );
        assert_eq!(
            show("Shoulder guide (accessed 19 July 2025)"),
            (Some("Shoulder guide"), None, Some("19 July 2025"))
        );
        assert_eq!(
            show("Up-to-date advice on sprains"),
            (Some("Up-to-date advice on sprains"), None, None)
        );
    }
}
