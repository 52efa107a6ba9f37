//! What a heading says about the section under it: a references block, an avoid-list, a list of
//! recommended exercises, or a stray label (a table-of-contents caption in any language) that
//! names no section at all. Shared by both input formats.

use super::Advice;
use crate::built_in_regex as regex;
use crate::pattern::Pattern;

static REFERENCES: Pattern = Pattern::new(|| {
    regex(
        r"(?i)^(?:references?|sources?|further reading|bibliography|citations?|works cited|reference list|(?:sources and|and) references)\s*:?$",
    )
});

/// Headings that advise against what they list. "Avoiding these movements helps…" is prose,
/// not a heading, and headings are short, so a plain word test is enough here.
static AVOID: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:
            avoid\w* | not\s+to\s+do | don[’']?t | do\s+not | never | skip | steer\s+clear
          | stay\s+away | hold\s+off | stop\s+doing | refrain | (?:make|makes|making)\b.*\bworse
          | worsen\w* | aggravat\w* | harmful | dangerous | contraindicat\w* | to\s+limit
          | mistakes | unsafe | (?:should|shouldn[’']?t)\s+not
        )\b",
    )
});

/// Headings that introduce exercises or activities to do.
static RECOMMEND: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:
            exercises? | stretch\w* | strengthen\w* | workouts? | movements? | activit(?:y|ies)
          | routines? | poses? | yoga | pilates | drills? | mobility | physiotherapy\s+plan
          | what\s+to\s+do | things\s+to\s+try | try\s+these | home\s+program\w*
        )\b",
    )
});

/// Table-of-contents captions that scraped pages carry as a stray line.
const CONTENTS_LABELS: &[&str] = &[
    "contents",
    "table of contents",
    "in this article",
    "on this page",
    "jump to",
    "tóm tắt nội dung",
    "mục lục",
    "nội dung",
    "inhaltsverzeichnis",
    "inhalt",
    "table des matières",
    "sommaire",
    "índice",
    "índice de contenidos",
    "tabla de contenidos",
    "índice de conteúdos",
    "indice dei contenuti",
    "sommario",
    "indice",
    "contenido",
    "contenidos",
    "conteúdo",
    "sumário",
    "inhoudsopgave",
    "spis treści",
    "innehåll",
    "indholdsfortegnelse",
    "innhold",
    "sisällys",
    "obsah",
    "tartalom",
    "cuprins",
    "содержание",
    "оглавление",
    "目录",
    "目錄",
    "目次",
    "목차",
    "สารบัญ",
    "daftar isi",
    "içindekiler",
    "المحتويات",
    "תוכן עניינים",
    "विषय सूची",
];

/// `References`, `Sources:`, `Further reading` …
pub fn is_references(heading: &str) -> bool {
    REFERENCES.local().is_match(heading.trim())
}

/// A table-of-contents caption rather than a section heading.
pub fn is_contents_label(heading: &str) -> bool {
    let h = heading.trim().trim_end_matches(':').trim().to_lowercase();
    CONTENTS_LABELS.contains(&h.as_str())
}

/// How a section advises, judged from its heading alone.
pub fn advice(heading: &str) -> Advice {
    // "Why does exercise help?" explains; it does not list what to do.
    let first = heading
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if AVOID.local().is_match(heading) {
        Advice::Avoid
    } else if matches!(first.as_str(), "why" | "how") {
        Advice::None
    } else if RECOMMEND.local().is_match(heading) {
        Advice::Recommend
    } else {
        Advice::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avoid_headings() {
        for h in [
            "Exercises and activities to avoid",
            "What not to do",
            "Activities that can make it worse",
            "Movements to skip",
            "Don't do these",
            "Activities to hold off on",
            "Exercises to stay away from",
        ] {
            assert_eq!(advice(h), Advice::Avoid, "{h}");
        }
    }

    #[test]
    fn recommend_and_neutral_headings() {
        assert_eq!(
            advice("Personalized therapeutic exercises"),
            Advice::Recommend
        );
        assert_eq!(advice("Stretches that help"), Advice::Recommend);
        assert_eq!(advice("Why choose physical therapy?"), Advice::None);
        assert_eq!(advice("Manual therapy techniques"), Advice::None);
        assert_eq!(advice("Why does exercise help?"), Advice::None);
        assert_eq!(advice("How to avoid a flare-up"), Advice::Avoid);
    }

    #[test]
    fn references_and_contents() {
        assert!(is_references("References:"));
        assert!(is_references("Further reading"));
        assert!(!is_references("Referenced studies show"));
        assert!(is_contents_label("Tóm tắt nội dung"));
        assert!(is_contents_label("Inhaltsverzeichnis"));
        assert!(!is_contents_label("Why choose physical therapy?"));
    }
}
