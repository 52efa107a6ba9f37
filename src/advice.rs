//! Stance in prose: which sentences advise against doing something ("Steer clear of sit-ups
//! while the nerve is irritated.", "Heavy lifting can make sciatica worse.") and which only look
//! like it ("Don't skip your daily walk." recommends walking; "don't forget to share" advises
//! nothing). Works on words alone; naming the exercise is the lexicon's job, not this module's.

use crate::built_in_regex as regex;
use crate::source::{Span, Spanned};
use regex::Regex;
use std::sync::LazyLock;

/// An imperative against something, at the start of a sentence or after an opening clause
/// ("While the shin is sore, avoid …").
static IMPERATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?ix)^(?:[^,;]{0,80}[,;]\s*)?(?:please\s+|try\s+to\s+|it\s+is\s+best\s+to\s+)?
          (avoid | don[’']?t | do\s+not | never | steer\s+clear\s+of | stay\s+away\s+from | skip | stop
          | refrain\s+from | hold\s+off\s+(?:on)? | cut\s+out)
          \b\s*(\S*)",
    )
});

/// Statements that something is harmful or advised against.
static HARMFUL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(?:can|may|could|will|might|tends?\s+to|often)\s+(?:make\b.{0,60}\bworse|worsen|aggravate|irritate|strain|trigger\s+a\s+flare)
          | \b(?:should|must)\s+(?:be\s+)?avoided\b | \bis\s+best\s+avoided\b | \bbest\s+avoided\b
          | \b(?:are|is)\s+not\s+(?:recommended|advised|safe)\b | \byou\s+(?:should|must)\s+not\b | \byou\s+shouldn[’']t\b",
    )
});

/// Words after "don't"/"never" that turn the sentence into encouragement or into no advice.
const NOT_AGAINST: &[&str] = &[
    "skip",
    "stop",
    "avoid",
    "miss",
    "forget",
    "neglect",
    "ignore",
    "worry",
    "hesitate",
    "panic",
    "wait",
    "give",
    "be",
    "let",
    "underestimate",
    "overlook",
    "put",
];

/// Whether one sentence advises against doing something.
pub fn advises_against(sentence: &str) -> bool {
    let sentence = sentence.trim();
    if let Some(c) = IMPERATIVE.captures(sentence) {
        let verb = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
        let next = c.get(2).map_or("", |m| m.as_str()).to_lowercase();
        let next = next.trim_matches(|ch: char| !ch.is_alphanumeric());
        let negating = verb.starts_with("don") || verb.starts_with("do") || verb == "never";
        if negating && NOT_AGAINST.contains(&next) {
            return false;
        }
        // "Stop if it hurts" is an instruction for while exercising, not a thing to avoid.
        if verb == "stop" && matches!(next, "if" | "when" | "as" | "and" | "once") {
            return false;
        }
        return true;
    }
    HARMFUL.is_match(sentence)
}

/// The sentences of `paragraph` that advise against something, with their spans.
pub fn against_sentences(paragraph: &Spanned<String>) -> Vec<Spanned<String>> {
    let text = &paragraph.value;
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        let ends = matches!(ch, '.' | '!' | '?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if ends || i + ch.len_utf8() == text.len() {
            let end = i + ch.len_utf8();
            let sentence = &text[start..end];
            if advises_against(sentence) {
                let lead = sentence.len() - sentence.trim_start().len();
                let span = Span::new(
                    paragraph.span.start + start + lead,
                    paragraph.span.start + end,
                );
                out.push(Spanned::new(sentence.trim().to_string(), span));
            }
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_against() {
        for s in [
            "Steer clear of sit-ups while the nerve is irritated.",
            "Avoid running on hard pavements for the first fortnight.",
            "Don't lift anything heavier than a kettle.",
            "While the tendon is sore, skip the overhead presses.",
            "Heavy lifting can make sciatica worse.",
            "Deep squats are best avoided until the knee settles.",
            "Never bounce into a stretch.",
            "Jumping is not recommended in the first six weeks.",
        ] {
            assert!(advises_against(s), "{s}");
        }
    }

    #[test]
    fn look_alikes() {
        for s in [
            "Don't skip your daily walk.",
            "Don’t forget to follow us for more tips.",
            "A drug-free solution that avoids side effects.",
            "Avoiding these movements helps protect the back while you recover.",
            "Stop if the pain spreads down your leg.",
            "Exercise can make your back stronger.",
            "Never ignore numbness in both legs.",
            "Walking is recommended for most people.",
        ] {
            assert!(!advises_against(s), "{s}");
        }
    }

    #[test]
    fn spans_cover_the_sentence() {
        let text = "Keep moving. Avoid sit-ups for now. Walk daily.";
        let paragraph = Spanned::new(text.to_string(), Span::new(10, 10 + text.len()));
        let found = against_sentences(&paragraph);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, "Avoid sit-ups for now.");
        assert_eq!(found[0].span, Span::new(10 + 13, 10 + 35));
    }
}
