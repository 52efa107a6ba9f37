//! Markdown articles: optional YAML front matter (see `frontmatter.rs`), then a CommonMark body
//! read with pulldown-cmark using byte offsets. Headings make sections, list items and paragraphs
//! are kept with their spans, links are collected, and a `References`/`Sources` section or
//! footnote definitions become reference entries. Front-matter `references:` come first.

use super::frontmatter::{self, FrontMatter};
use super::references;
use super::suppress::Suppressions;
use super::{
    Advice, Article, BodyLink, Format, ListItem, Reference, ReferenceOrigin, Section, Table,
    Unreadable, headings, trimmed,
};
use crate::source::{SourceFile, Span, Spanned};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

/// Parses a Markdown article; `Err` when its front matter cannot be read.
pub fn parse(source: &SourceFile) -> Result<Article, Unreadable> {
    let text = &source.text;
    let unreadable = |e: frontmatter::FrontMatterError, help: &str| Unreadable {
        message: e.message,
        help: help.to_string(),
        span: Some(e.span),
    };
    let split = frontmatter::split(text, source.bom_len()).map_err(|e| {
        unreadable(
            e,
            "close the front matter with a line that holds only `---`",
        )
    })?;
    let front_matter = match split.block {
        Some((block, content)) => Some(frontmatter::parse(text, block, content).map_err(|e| {
            unreadable(
                e,
                "front matter is YAML between two `---` lines, with plain `key: value` entries",
            )
        })?),
        None => None,
    };

    let mut body = Body::default();
    body.walk(text, split.body_start);

    let mut references = front_matter
        .as_ref()
        .map(front_matter_references)
        .unwrap_or_default();
    references.extend(body.references);
    let title = front_matter
        .as_ref()
        .and_then(|fm| match (fm.value.get("title"), fm.span_of("/title")) {
            (Some(Value::String(t)), Some(span)) if !t.trim().is_empty() => {
                Some(Spanned::new(t.clone(), span))
            }
            _ => None,
        })
        .or(body.h1);
    let anchor = front_matter
        .as_ref()
        .map_or_else(|| source.first_line(), |fm| fm.span);
    let suppressions = Suppressions::read(source, &html_comments(text, &body.html));
    Ok(Article {
        format: Format::Markdown,
        title,
        front_matter,
        sections: body.sections,
        references,
        links: body.links,
        anchor,
        suppressions,
    })
}

/// The `<!-- … -->` comments inside the raw HTML runs of the body.
fn html_comments(text: &str, html: &[Span]) -> Vec<Span> {
    static COMMENT: crate::pattern::Pattern =
        crate::pattern::Pattern::new(|| crate::built_in_regex(r"(?s)<!--.*?-->"));
    let comment = COMMENT.local();
    html.iter()
        .flat_map(|run| {
            comment
                .find_iter(&text[run.range()])
                .map(move |m| Span::new(run.start + m.start(), run.start + m.end()))
        })
        .collect()
}

/// References listed in front matter as `{title, url, accessed}` mappings.
fn front_matter_references(fm: &FrontMatter) -> Vec<Reference> {
    let Some(Value::Array(entries)) = fm.value.get("references") else {
        return Vec::new();
    };
    let string_at = |pointer: String, value: Option<&Value>| match (value, fm.span_of(&pointer)) {
        (Some(Value::String(s)), Some(span)) => Some(Spanned::new(s.clone(), span)),
        (Some(v @ (Value::Number(_) | Value::Bool(_))), Some(span)) => {
            Some(Spanned::new(v.to_string(), span))
        }
        _ => None,
    };
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let field = |name: &str| string_at(format!("/references/{i}/{name}"), entry.get(name));
            let span = fm.span_of(&format!("/references/{i}")).unwrap_or(fm.span);
            // A bare string entry is a URL.
            let url = if let Value::String(s) = entry {
                string_at(format!("/references/{i}"), Some(&Value::String(s.clone())))
            } else {
                field("url")
            };
            Reference {
                title: field("title"),
                url,
                accessed: field("accessed"),
                span,
                origin: ReferenceOrigin::FrontMatter,
                front_matter_index: Some(i),
            }
        })
        .collect()
}

/// A list item, paragraph or footnote being read: its own text's extent and the links inside it.
#[derive(Default)]
struct Block {
    text: Option<Span>,
    links: Vec<(Spanned<String>, Option<Span>)>,
}

impl Block {
    fn add_text(&mut self, span: Span) {
        self.text = Some(self.text.map_or(span, |t| t.cover(span)));
    }
}

#[derive(Default)]
struct Body {
    sections: Vec<Section>,
    references: Vec<Reference>,
    links: Vec<BodyLink>,
    h1: Option<Spanned<String>>,
    /// Raw HTML (blocks and inline), where comments and so suppression directives live.
    html: Vec<Span>,
}

impl Body {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::new(None, 0, Advice::None));
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn in_references(&self) -> bool {
        self.sections
            .last()
            .and_then(|s| s.heading.as_ref())
            .is_some_and(|h| headings::is_references(&h.value))
    }

    fn walk(&mut self, text: &str, body_start: usize) {
        let body = &text[body_start..];
        let options =
            Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        // Open blocks, innermost last: items nest, and a paragraph sits inside an item.
        let mut blocks: Vec<(Tag<'_>, Block)> = Vec::new();
        let mut heading: Option<(u8, Option<Span>)> = None;
        let mut link: Option<(Spanned<String>, Option<Span>)> = None;
        // The table being read, and whether its header row is.
        let mut table: Option<(Table, bool)> = None;

        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let span = Span::new(range.start + body_start, range.end + body_start);
            match event {
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, None)),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, Some(extent))) = heading.take() {
                        let h = trimmed(text, extent);
                        if level == 1 && self.h1.is_none() {
                            self.h1 = Some(h.clone());
                        }
                        let advice = if level == 1 {
                            Advice::None
                        } else {
                            headings::advice(&h.value)
                        };
                        self.sections.push(Section::new(Some(h), level, advice));
                    }
                }
                Event::Start(tag @ (Tag::Item | Tag::FootnoteDefinition(_))) => {
                    blocks.push((tag, Block::default()))
                }
                Event::Start(Tag::Paragraph) if blocks.is_empty() => {
                    blocks.push((Tag::Paragraph, Block::default()))
                }
                Event::End(TagEnd::Item | TagEnd::FootnoteDefinition)
                | Event::End(TagEnd::Paragraph) => {
                    let is_paragraph = matches!(event, Event::End(TagEnd::Paragraph));
                    if is_paragraph && !matches!(blocks.last(), Some((Tag::Paragraph, _))) {
                        continue;
                    }
                    if let Some((tag, block)) = blocks.pop() {
                        self.finish_block(text, tag, block);
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let url_span = text[span.range()]
                        .rfind(dest_url.as_ref())
                        .map_or(span, |at| {
                            Span::new(span.start + at, span.start + at + dest_url.len())
                        });
                    link = Some((Spanned::new(dest_url.to_string(), url_span), None));
                }
                Event::End(TagEnd::Link) => {
                    if let Some((url, text_span)) = link.take() {
                        match blocks.last_mut() {
                            Some((_, block)) => block.links.push((url, text_span)),
                            None => self.links.push(BodyLink { url, text: None }),
                        }
                    }
                }
                Event::Start(Tag::Table(_)) => table = Some((Table::default(), false)),
                Event::Start(Tag::TableHead) => {
                    if let Some((_, in_head)) = table.as_mut() {
                        *in_head = true;
                    }
                }
                Event::End(TagEnd::TableHead) => {
                    if let Some((_, in_head)) = table.as_mut() {
                        *in_head = false;
                    }
                }
                Event::Start(Tag::TableRow) => {
                    if let Some((t, _)) = table.as_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    if let Some((t, in_head)) = table.as_mut() {
                        // A cell's text without the pipes and spaces around it, and its span.
                        let raw = text.get(span.range()).unwrap_or("");
                        let inner = raw.trim_matches(|c: char| c == '|' || c.is_whitespace());
                        let lead = raw.len()
                            - raw
                                .trim_start_matches(|c: char| c == '|' || c.is_whitespace())
                                .len();
                        let start = span.start + lead;
                        let cell =
                            Spanned::new(inner.to_string(), Span::new(start, start + inner.len()));
                        match (*in_head, t.rows.last_mut()) {
                            (true, _) => t.header.push(cell),
                            (false, Some(row)) => row.push(cell),
                            (false, None) => {}
                        }
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some((t, _)) = table.take() {
                        self.current().tables.push(t);
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => match self.html.last_mut() {
                    // An HTML block arrives a line at a time.
                    Some(last) if last.end >= span.start => *last = last.cover(span),
                    _ => self.html.push(span),
                },
                Event::Text(_) | Event::Code(_) => {
                    if let Some((_, extent)) = heading.as_mut() {
                        *extent = Some(extent.map_or(span, |e| e.cover(span)));
                        continue;
                    }
                    if let Some((_, text_span)) = link.as_mut() {
                        *text_span = Some(text_span.map_or(span, |e| e.cover(span)));
                    } else if let Some((_, block)) = blocks.last_mut() {
                        for url in references::find_urls(&text[span.range()]) {
                            let url = url.shift(span.start);
                            block
                                .links
                                .push((Spanned::new(text[url.range()].to_string(), url), None));
                        }
                    }
                    if let Some((_, block)) = blocks.last_mut() {
                        block.add_text(span);
                    }
                }
                _ => {}
            }
        }
    }

    fn finish_block(&mut self, text: &str, tag: Tag<'_>, block: Block) {
        let Some(extent) = block.text else { return };
        let is_footnote = matches!(tag, Tag::FootnoteDefinition(_));
        if is_footnote || self.in_references() {
            self.references
                .push(reference_from_block(text, extent, &block.links));
            return;
        }
        for (url, text_span) in &block.links {
            let link_text = text_span.map(|s| text[s.range()].to_string());
            self.links.push(BodyLink {
                url: url.clone(),
                text: link_text,
            });
        }
        let content = trimmed(text, extent);
        if matches!(tag, Tag::Item) {
            let label = item_label(&content);
            self.current().items.push(ListItem {
                text: content,
                label,
            });
        } else {
            self.current().paragraphs.push(content);
        }
    }
}

/// `**Label:** text` or `Label: text` → the label's span.
fn item_label(item: &Spanned<String>) -> Option<Spanned<String>> {
    let colon = item.value.find(':')?;
    let head = &item.value[..colon];
    let label = head.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let words = label.split_whitespace().count();
    if label.is_empty()
        || words > 8
        || item.value[colon + 1..].trim().is_empty()
        || label.contains("//")
    {
        return None;
    }
    // Where the label starts within the item, found from the slice itself.
    let lead = head.len()
        - head
            .trim_start_matches(|c: char| c == '*' || c.is_whitespace())
            .len();
    let start = item.span.start + lead;
    Some(Spanned::new(
        label.to_string(),
        Span::new(start, start + label.len()),
    ))
}

/// One reference list item or footnote: the first link gives URL and title; the access date and,
/// without a link, the URL and title come from the text itself.
fn reference_from_block(
    text: &str,
    extent: Span,
    links: &[(Spanned<String>, Option<Span>)],
) -> Reference {
    let raw = &text[extent.range()];
    let parts = references::read_line(raw);
    let at = |s: Span| {
        let s = s.shift(extent.start);
        Spanned::new(text[s.range()].to_string(), s)
    };
    let (url, title) = match links.first() {
        Some((url, text_span)) => {
            let title = text_span
                .map(|s| trimmed(text, s))
                .filter(|t| t.value != url.value && !t.value.is_empty())
                .or_else(|| {
                    parts
                        .title
                        .map(at)
                        .filter(|t| !t.value.contains(&url.value))
                });
            (Some(url.clone()), title)
        }
        None => (parts.url.map(at), parts.title.map(at)),
    };
    Reference {
        title,
        url,
        accessed: parts.date.map(at),
        span: extent,
        origin: ReferenceOrigin::Body,
        front_matter_index: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        parse(&SourceFile::new("a.md", text.to_string()))
            .unwrap_or_else(|e| panic!("{}", e.message))
    }

    #[test]
    fn front_matter_title_and_references() {
        let a = article(
            "---\ntitle: Heel pain\nreferences:\n  - title: Plantar fasciitis\n    url: https://example.org/pf\n    accessed: 2025-06-02\n---\n\n## Stretches that help\n\n- **Calf stretch:** lean on a wall.\n\n## What not to do\n\n- Barefoot running on concrete.\n",
        );
        assert_eq!(a.title.clone().map(|t| t.value), Some("Heel pain".into()));
        assert_eq!(a.references.len(), 1);
        assert_eq!(
            a.references[0].accessed.as_ref().map(|d| d.value.as_str()),
            Some("2025-06-02")
        );
        let avoid: Vec<_> = a
            .advice_items(Advice::Avoid)
            .map(|(_, i)| i.text.value.clone())
            .collect();
        assert_eq!(avoid, ["Barefoot running on concrete."]);
        let labels: Vec<_> = a
            .advice_items(Advice::Recommend)
            .filter_map(|(_, i)| i.label.clone())
            .map(|l| l.value)
            .collect();
        assert_eq!(labels, ["Calf stretch"]);
    }

    #[test]
    fn body_reference_section_and_footnotes() {
        let text = "# Neck pain\n\nSee [the NHS page](https://example.org/nhs).[^1]\n\n## References\n\n1. [Neck pain guide](https://example.org/neck) — accessed 2025-09-03\n2. Posture tips. https://example.org/posture Retrieved on 4 September 2025.\n\n[^1]: Whiplash facts. https://example.org/whiplash Accessed 2025-07-15.\n";
        let a = article(text);
        assert_eq!(
            a.title.as_ref().map(|t| t.value.as_str()),
            Some("Neck pain")
        );
        let got: Vec<_> = a
            .references
            .iter()
            .map(|r| {
                (
                    r.title.as_ref().map(|t| t.value.as_str()),
                    r.url.as_ref().map(|t| t.value.as_str()),
                    r.accessed.as_ref().map(|t| t.value.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Neck pain guide"),
                    Some("https://example.org/neck"),
                    Some("2025-09-03")
                ),
                (
                    Some("Posture tips"),
                    Some("https://example.org/posture"),
                    Some("4 September 2025")
                ),
                (
                    Some("Whiplash facts"),
                    Some("https://example.org/whiplash"),
                    Some("2025-07-15")
                ),
            ]
        );
        let url = a.references[0]
            .url
            .as_ref()
            .map(|u| u.span)
            .unwrap_or_default();
        assert_eq!(&text[url.range()], "https://example.org/neck");
        assert_eq!(a.links.len(), 1);
    }

    #[test]
    fn bad_front_matter_is_unreadable_not_a_panic() {
        for text in [
            "---\ntitle: [unclosed\n---\n",
            "---\ntitle: x\n",
            "---\n- a list\n---\n",
        ] {
            assert!(
                parse(&SourceFile::new("a.md", text.to_string())).is_err(),
                "{text}"
            );
        }
    }
}
