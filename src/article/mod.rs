//! The Article model: what healthlint extracted from one article, every value with its span.
//! `markdown.rs` and `plaintext.rs` build it from the two input formats; `frontmatter.rs` reads
//! YAML front matter into spanned JSON; `dates.rs` reads the dates people write. The model keeps
//! raw text; judging it (schema, rules) happens elsewhere.

pub mod dates;
pub mod frontmatter;
pub mod headings;
pub mod markdown;
pub mod plaintext;
pub mod references;
pub mod suppress;

use crate::source::{SourceFile, Span, Spanned};
use frontmatter::FrontMatter;
use serde::Serialize;

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
}

impl Format {
    /// The format for a file name, or `None` when healthlint does not read that kind of file.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
        }
    }

    /// What a user may pass, for error messages.
    pub const SUPPORTED: &'static str = "Markdown (.md, .markdown) and plain text (.txt)";
}

/// Whether a section advises for or against what it lists, judged from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Advice {
    /// "Exercises to avoid", "What not to do", "Activities that can make it worse".
    Avoid,
    /// "Strengthening exercises", "Stretches that help".
    Recommend,
    /// Everything else.
    None,
}

/// A list item; `label` is the `Label:` part of a `Label: text` item when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub text: Spanned<String>,
    pub label: Option<Spanned<String>>,
}

/// A heading and what follows it up to the next heading. The text before the first heading is a
/// section without a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<Spanned<String>>,
    pub level: u8,
    pub advice: Advice,
    pub items: Vec<ListItem>,
    pub paragraphs: Vec<Spanned<String>>,
    /// Markdown tables in the section.
    pub tables: Vec<Table>,
}

/// A Markdown table: the header cells and the body rows' cells, each with its span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<Spanned<String>>,
    pub rows: Vec<Vec<Spanned<String>>>,
}

impl Section {
    /// An empty section; `heading: None` with level 0 is the text before the first heading.
    pub fn new(heading: Option<Spanned<String>>, level: u8, advice: Advice) -> Self {
        Self {
            heading,
            level,
            advice,
            items: Vec::new(),
            paragraphs: Vec::new(),
            tables: Vec::new(),
        }
    }
}

/// Where a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceOrigin {
    FrontMatter,
    Body,
}

/// One cited source. `span` covers the whole entry; any part may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub title: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    /// The access date exactly as written (`19/07/2025`, `July 19, 2025`).
    pub accessed: Option<Spanned<String>>,
    pub span: Span,
    pub origin: ReferenceOrigin,
    /// For front-matter references: the entry's index in the `references:` list.
    pub front_matter_index: Option<usize>,
}

/// A link in the body text (not a reference entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub url: Spanned<String>,
    pub text: Option<String>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone)]
pub struct Article {
    pub format: Format,
    pub title: Option<Spanned<String>>,
    pub front_matter: Option<FrontMatter>,
    pub sections: Vec<Section>,
    pub references: Vec<Reference>,
    pub links: Vec<BodyLink>,
    /// Where a finding about the whole article points: the front matter block, else the first line.
    pub anchor: Span,
    /// Inline `healthlint-disable…` directives (Markdown only).
    pub suppressions: suppress::Suppressions,
}

impl Article {
    /// Items of sections that advise the given way, with their section.
    pub fn advice_items(&self, advice: Advice) -> impl Iterator<Item = (&Section, &ListItem)> {
        self.sections
            .iter()
            .filter(move |s| s.advice == advice)
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }
}

/// Why an article could not be read at all: each becomes an HL103 finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
    pub help: String,
    pub span: Option<Span>,
}

/// Parses one source in the given format.
pub fn parse(source: &SourceFile, format: Format) -> Result<Article, Unreadable> {
    match format {
        Format::Markdown => markdown::parse(source),
        Format::Text => Ok(plaintext::parse(source)),
    }
}

/// Trims a span to the text inside it without surrounding whitespace.
pub(crate) fn trimmed(text: &str, span: Span) -> Spanned<String> {
    let slice = text.get(span.range()).unwrap_or("");
    let lead = slice.len() - slice.trim_start().len();
    let inner = slice.trim();
    let start = span.start + lead;
    Spanned::new(inner.to_string(), Span::new(start, start + inner.len()))
}
