//! Plain-text articles as scraped from a web page: headings are short bare lines, bullets start
//! with `- `, a `Label: text` bullet names what it describes, and a block after `References:`
//! (`Sources:`, `Further reading:`) lists numbered titles with `Link:`/`URL:`/bare URLs and
//! `Reference Date:`/`Accessed:`/`Retrieved on` lines. Written for the family of such pages:
//! a line this parser does not understand becomes prose, never an error.

use super::headings;
use super::references::{self, LineParts};
use super::{
    Advice, Article, BodyLink, Format, ListItem, Reference, ReferenceOrigin, Section, trimmed,
};
use crate::built_in_regex as regex;
use crate::pattern::Pattern;
use crate::source::{SourceFile, Span, Spanned};

/// Longest line, in words, still read as a heading; a question may be longer, and a line that
/// ends with `:` must be shorter (a longer one is a sentence introducing a list).
const MAX_HEADING_WORDS: usize = 12;
const MAX_QUESTION_WORDS: usize = 16;
const MAX_LEAD_IN_WORDS: usize = 6;

static BULLET: Pattern = Pattern::new(|| regex(r"^(?:[-*•–]|\d{1,3}[.)])\s+"));
static NUMBERED: Pattern = Pattern::new(|| regex(r"^\d{1,3}[.)]\s+"));
static ITEM_LABEL: Pattern =
    Pattern::new(|| regex(r"^\*{0,2}([^:*]{1,60}?)\*{0,2}\s*:\*{0,2}\s+\S"));

/// One line of the file: its text without the line end, and where it starts.
struct Line<'a> {
    text: &'a str,
    start: usize,
}

fn lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = from;
    for raw in text[from..].split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        out.push(Line {
            text: body,
            start: offset,
        });
        offset += raw.len();
    }
    out
}

/// Whether a bare line reads as a heading: short, starts like a title, does not end a sentence.
pub(crate) fn looks_like_heading(line: &str) -> bool {
    let line = line.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    // Uppercase, a digit, or a script without case (CJK, Thai, Arabic…).
    if !(first.is_uppercase()
        || first.is_numeric()
        || (first.is_alphabetic() && !first.is_lowercase()))
    {
        return false;
    }
    let words = line.split_whitespace().count();
    let max_words = if line.ends_with('?') {
        MAX_QUESTION_WORDS
    } else if line.ends_with(':') {
        MAX_LEAD_IN_WORDS
    } else {
        MAX_HEADING_WORDS
    };
    words <= max_words
        && line.chars().count() <= 120
        && line.matches(", ").count() < 2
        && !line.ends_with(['.', '!', ',', ';', '…'])
        && references::find_url(line).is_none()
}

/// Parses a plain-text article. Never fails: text it cannot place is kept as prose.
pub fn parse(source: &SourceFile) -> Article {
    let text = &source.text;
    let all = lines(text, source.bom_len());
    let mut title: Option<Spanned<String>> = None;
    let mut sections = vec![Section::new(None, 0, Advice::None)];
    let mut links = Vec::new();
    let mut references_from: Option<usize> = None;
    let mut seen_content = false;

    for (index, line) in all.iter().enumerate() {
        let trimmed_text = line.text.trim();
        if trimmed_text.is_empty() {
            continue;
        }
        let span = trimmed(text, Span::new(line.start, line.start + line.text.len()));
        if headings::is_references(trimmed_text) {
            references_from = Some(index + 1);
            break;
        }
        if let Some(marker) = BULLET.local().find(trimmed_text) {
            let item_start = span.span.start + marker.end();
            let item = trimmed(text, Span::new(item_start, span.span.end));
            let label = ITEM_LABEL
                .local()
                .captures(&item.value)
                .and_then(|c| c.get(1))
                .and_then(|m| {
                    let words = m.as_str().split_whitespace().count();
                    (words <= 8 && references::find_url(m.as_str()).is_none()).then(|| {
                        trimmed(
                            text,
                            Span::new(item.span.start + m.start(), item.span.start + m.end()),
                        )
                    })
                });
            collect_links(text, item.span, &mut links);
            push_section_content(&mut sections)
                .items
                .push(ListItem { text: item, label });
            seen_content = true;
            continue;
        }
        if looks_like_heading(trimmed_text) {
            if headings::is_contents_label(trimmed_text) {
                continue;
            }
            // The first line, when it reads as a heading, is the title.
            if !seen_content && title.is_none() && sections.len() == 1 {
                title = Some(span.clone());
                sections.push(Section::new(Some(span), 1, Advice::None));
                seen_content = true;
                continue;
            }
            sections.push(Section::new(Some(span), 2, headings::advice(trimmed_text)));
            seen_content = true;
            continue;
        }
        collect_links(text, span.span, &mut links);
        push_section_content(&mut sections).paragraphs.push(span);
        seen_content = true;
    }

    if title.is_none() {
        title = sections.iter().find_map(|s| s.heading.clone());
    }
    let references = references_from
        .map(|from| read_references(text, &all[from..]))
        .unwrap_or_default();
    sections.retain(|s| s.heading.is_some() || !s.items.is_empty() || !s.paragraphs.is_empty());

    Article {
        format: Format::Text,
        title,
        front_matter: None,
        sections,
        references,
        links,
        anchor: source.first_line(),
        // Plain text has no comments to hold suppression directives.
        suppressions: Default::default(),
    }
}

fn push_section_content(sections: &mut Vec<Section>) -> &mut Section {
    if sections.is_empty() {
        sections.push(Section::new(None, 0, Advice::None));
    }
    let last = sections.len() - 1;
    &mut sections[last]
}

fn collect_links(text: &str, span: Span, links: &mut Vec<BodyLink>) {
    let slice = &text[span.range()];
    for url in references::find_urls(slice) {
        let url = url.shift(span.start);
        links.push(BodyLink {
            url: Spanned::new(text[url.range()].to_string(), url),
            text: None,
        });
    }
}

/// Reads the lines after a `References:` heading into entries. A numbered line, or a title or
/// URL where the current entry already has one, starts a new entry.
fn read_references(text: &str, block: &[Line<'_>]) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut current: Option<Reference> = None;
    for line in block {
        if line.text.trim().is_empty() {
            continue;
        }
        let whole = trimmed(text, Span::new(line.start, line.start + line.text.len()));
        let marker = BULLET.local().find(&whole.value).map_or(0, |m| m.end());
        let numbered = NUMBERED.local().is_match(&whole.value);
        let body_start = whole.span.start + marker;
        let body = &text[body_start..whole.span.end];
        let parts: LineParts = references::read_line(body);
        let at = |s: Span| {
            let s = s.shift(body_start);
            Spanned::new(text[s.range()].to_string(), s)
        };
        // `- Published: 2025-03-12` or `- Author: …` under an entry describes that entry.
        if marker > 0
            && !numbered
            && current.is_some()
            && parts.url.is_none()
            && parts.date.is_none()
            && ITEM_LABEL.local().is_match(body)
        {
            if let Some(entry) = current.as_mut() {
                entry.span = entry.span.cover(whole.span);
            }
            continue;
        }
        let starts_new = match &current {
            None => true,
            Some(entry) => {
                numbered
                    || (parts.title.is_some() && (entry.title.is_some() || entry.url.is_some()))
                    || (parts.url.is_some() && entry.url.is_some())
                    || (parts.date.is_some() && entry.accessed.is_some())
            }
        };
        if starts_new {
            out.extend(current.take());
            current = Some(Reference {
                title: None,
                url: None,
                accessed: None,
                span: whole.span,
                origin: ReferenceOrigin::Body,
                front_matter_index: None,
            });
        }
        if let Some(entry) = current.as_mut() {
            entry.span = entry.span.cover(whole.span);
            if entry.title.is_none() {
                entry.title = parts.title.map(at);
            }
            if entry.url.is_none() {
                entry.url = parts.url.map(at);
            }
            if entry.accessed.is_none() {
                entry.accessed = parts.date.map(at);
            }
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Sore knees can slow anyone down, and this page explains what helps and what does not.\n\
Inhaltsverzeichnis\n\
Why does the knee hurt?\n\
\n\
Cartilage thins with age, and the joint stiffens.\n\
Exercises that help\n\
- Quad Sets: Tighten the thigh with the leg straight.\n\
- Heel Slides: Slide the heel toward you slowly.\n\
Exercises to avoid\n\
- Deep lunges with a heavy load.\n\
- Jumping on hard ground.\n\
References:\n\
1. Knee arthritis overview\n\
- Link: https://example.org/knee\n\
- Reference Date: 14/08/2025\n\
2. Staying active with arthritis\n\
https://example.org/active\n\
Accessed: August 21, 2025\n";

    #[test]
    fn reads_sections_items_and_references() {
        let source = SourceFile::new("knee.txt", SAMPLE.to_string());
        let article = parse(&source);
        assert_eq!(
            article.title.as_ref().map(|t| t.value.as_str()),
            Some("Why does the knee hurt?")
        );
        let headings: Vec<&str> = article
            .sections
            .iter()
            .filter_map(|s| s.heading.as_ref())
            .map(|h| h.value.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "Why does the knee hurt?",
                "Exercises that help",
                "Exercises to avoid"
            ]
        );
        let avoid: Vec<&str> = article
            .advice_items(Advice::Avoid)
            .map(|(_, i)| i.text.value.as_str())
            .collect();
        assert_eq!(
            avoid,
            ["Deep lunges with a heavy load.", "Jumping on hard ground."]
        );
        let help: Vec<Option<&str>> = article
            .advice_items(Advice::Recommend)
            .map(|(_, i)| i.label.as_ref().map(|l| l.value.as_str()))
            .collect();
        assert_eq!(help, [Some("Quad Sets"), Some("Heel Slides")]);
        assert_eq!(article.references.len(), 2);
        let first = &article.references[0];
        assert_eq!(
            first.title.as_ref().map(|t| t.value.as_str()),
            Some("Knee arthritis overview")
        );
        assert_eq!(
            first.url.as_ref().map(|t| t.value.as_str()),
            Some("https://example.org/knee")
        );
        assert_eq!(
            first.accessed.as_ref().map(|t| t.value.as_str()),
            Some("14/08/2025")
        );
        let second = &article.references[1];
        assert_eq!(
            second.url.as_ref().map(|t| t.value.as_str()),
            Some("https://example.org/active")
        );
        assert_eq!(
            second.accessed.as_ref().map(|t| t.value.as_str()),
            Some("August 21, 2025")
        );
        let date = second.accessed.as_ref().map(|d| d.span).unwrap_or_default();
        assert_eq!(&SAMPLE[date.range()], "August 21, 2025");
    }

    #[test]
    fn labelled_details_under_a_reference_belong_to_it() {
        let text = "Foam rolling\n\nRoll slowly.\nReferences:\n1. Foam rolling for runners\n- Link: https://example.org/foam\n- Published: 2025-03-12\n- Author: A. Runner\n2. Rest days\n- Link: https://example.org/rest\n- Reference Date: 2025-07-19\n";
        let article = parse(&SourceFile::new("t.txt", text.to_string()));
        let titles: Vec<_> = article
            .references
            .iter()
            .map(|r| r.title.as_ref().map(|t| t.value.as_str()))
            .collect();
        assert_eq!(
            titles,
            [Some("Foam rolling for runners"), Some("Rest days")]
        );
        assert!(article.references[0].accessed.is_none());
    }

    #[test]
    fn heading_shapes() {
        for h in [
            "Why choose physical therapy for a painful knee?",
            "References:",
            "Typical symptoms include:",
            "Tóm tắt nội dung",
            "目录",
        ] {
            assert!(looks_like_heading(h), "{h}");
        }
        for p in [
            "While the shin is still sore, these activities tend to keep the problem going:",
            "Avoiding these movements protects the knee while it heals.",
            "then rest for a while",
            "See https://example.org/page",
        ] {
            assert!(!looks_like_heading(p), "{p}");
        }
    }

    #[test]
    fn a_short_first_line_is_the_title() {
        let source = SourceFile::new(
            "t.txt",
            "Shoulder pain at night\nIt often eases with rest.\n".to_string(),
        );
        let article = parse(&source);
        assert_eq!(
            article.title.map(|t| t.value),
            Some("Shoulder pain at night".to_string())
        );
    }

    #[test]
    fn crlf_lines_keep_exact_spans() {
        let text = SAMPLE.replace('\n', "\r\n");
        let source = SourceFile::new("knee.txt", text.clone());
        let article = parse(&source);
        let url = article.references[0]
            .url
            .as_ref()
            .map(|u| u.span)
            .unwrap_or_default();
        assert_eq!(&text[url.range()], "https://example.org/knee");
    }
}
