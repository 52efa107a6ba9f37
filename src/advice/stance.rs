//! Stance in prose: which sentences advise against doing something ("Steer clear of sit-ups
//! while the nerve is irritated.", "Heavy lifting can make sciatica worse.") and which only look
//! like it ("Don't skip your daily walk." recommends walking; "don't forget to share" advises
//! nothing), and for one mention of an exercise, the cue in its clause that sets its stance.
//! Works on words alone; naming the exercise is the lexicon's job, not this module's.

use super::triggers::{self, Around};
use crate::pattern::Pattern;
use crate::prose_regex as regex;
use crate::source::{Span, Spanned};

/// An imperative against something, at the start of a sentence or after an opening clause
/// ("While the shin is sore, avoid …").
static IMPERATIVE: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)^(?:[^,;]{0,80}[,;]\s*)?(?:please\s+|try\s+to\s+|it\s+is\s+best\s+to\s+)?
          (avoid | don[’‘']?t | do\s+not | never | steer\s+clear\s+of | stay\s+away\s+from | skip | stop
          | refrain\s+from | hold\s+off\s+(?:on)? | cut\s+out)
          \b\s*(\S*)",
    )
});

/// Statements that something is harmful or advised against.
static HARMFUL: Pattern = Pattern::new(|| {
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
    if let Some(c) = IMPERATIVE.local().captures(sentence) {
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
    HARMFUL.local().is_match(sentence)
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

/// Whether a mention is recommended, advised against, or only mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Recommend,
    Avoid,
    Neutral,
}

impl Stance {
    pub fn opposite(self) -> Stance {
        match self {
            Stance::Recommend => Stance::Avoid,
            Stance::Avoid => Stance::Recommend,
            Stance::Neutral => Stance::Neutral,
        }
    }
}

/// Cues that come before what they govern, tried leftmost-first in this order: a negated
/// "avoid" recommends ("don't skip", "no need to avoid"), "don't do" advises against, and a
/// plain imperative recommends.
const NEGATED: &str = r"(?:avoid(?:ing)?|stop(?:ping)?|try\s+not\s+to|make\s+sure\s+(?:you\s+)?(?:don[’‘']?t|do\s+not))\s+(?:skip(?:ping)?|miss(?:ing)?|giv(?:e|ing)\s+up|neglect(?:ing)?)
            | (?:don[’‘']?t|do\s+not|never|no\s+need\s+to|needn[’']?t|(?:you\s+)?(?:don[’‘']?t|do\s+not)\s+(?:need|have)\s+to|there\s+is\s+no\s+need\s+to)
              \s+(?:skip|stop|avoid|give\s+up|neglect|miss|cut\s+out|quit|be\s+afraid\s+of|fear|worry\s+about)
            | keep(?:\s+on)? | continue(?:\s+with)?";
const AGAINST_BEFORE: &str = r"(?:please\s+)?(?:keep\s+(?:away|clear)\s+from | try\s+not\s+to | make\s+sure\s+(?:you\s+)?(?:don[’‘']?t|do\s+not) | avoid(?:ing)? | don[’‘']?t(?:\s+(?:do|try|attempt|perform|start))? | do\s+not(?:\s+(?:do|try|attempt|perform|start))?
              | never(?:\s+(?:do|try|attempt|perform))? | steer\s+clear\s+of | stay\s+away\s+from | skip(?:ping)? | stop(?:ping)?
              | refrain\s+from | hold\s+off(?:\s+on)? | cut\s+out | instead\s+of | rather\s+than | give\s+up | no\s+more
              | say\s+no\s+to | not\s+(?:recommended|advised|safe)\s+(?:to|are|is) | leave\s+out | put\s+off | postpone | pause)";
const FOR_BEFORE: &str = r"try | do | use | start\s+with | begin\s+with | include | add | practi[cs]e | perform | we\s+recommend | recommended
              | consider | aim\s+for | build\s+up | progress\s+to | move\s+on\s+to | return\s+to | go\s+back\s+to | you\s+can | go\s+for | enjoy
              | focus\s+on | options?\s+include | switch\s+to | swap\s+(?:it\s+|them\s+)?for | replace\s+(?:it|them)\s+with | opt\s+for | choose";

/// Cues that come after what they govern ("… can make it worse", "… help").
const AGAINST_AFTER: &str = r"(?:can|may|could|will|might|tends?\s+to|often|usually|only)\s+(?:make\b.{0,50}\bworse|worsen|aggravate|irritate|strain|overload|trigger|stress|compress|increase\s+(?:the\s+)?(?:pain|pressure|strain|load))
            | (?:should|must)\s+(?:be\s+)?avoided | (?:is|are)\s+best\s+avoided | best\s+left | (?:is|are)\s+off[-\s]limits
            | (?:is|are)\s+(?:not\s+(?:recommended|advised|safe|a\s+good\s+idea|suitable|helpful)|risky|harmful|dangerous|a\s+bad\s+idea|(?:among|one\s+of)\s+the\s+worst)
            | (?:isn[’']?t|aren[’']?t)\s+(?:recommended|advised|safe|a\s+good\s+idea|suitable|helpful)
            | aggravates? | worsens? | makes?\b.{0,50}\bworse | puts?\s+(?:too\s+much\s+|a\s+lot\s+of\s+|extra\s+)?(?:strain|stress|pressure|load)
            | should\s+(?:wait|be\s+left|be\s+put\s+off|be\s+postponed) | can\s+wait";
const FOR_AFTER: &str = r"(?:can|may|will|should|often|usually)\s+help | helps? | (?:is|are)\s+(?:a\s+)?(?:good|great|safe|helpful|useful|ideal|fine|recommended|excellent|suitable|gentle|effective|beneficial)
            | (?:is|are)\s+(?:usually\s+|generally\s+|often\s+)?(?:safe|fine|recommended|encouraged|helpful) | strengthens? | improves? | eases? | relieves? | reduces? | builds? | loosens?
            | (?:is|are)\s+(?:a\s+)?(?:good|great|safe|gentle)\s+(?:way|option|choice|start|place) | works?\s+well | benefits?";

/// One regex finds the cues (fast: no capture groups); the small ones below say which kind a
/// found cue is, in the order the alternation prefers.
pub(super) static CUE_BEFORE: Pattern =
    Pattern::new(|| regex(&format!("(?ix){}", cue_before_pattern())));
/// [`CUE_BEFORE`] at the start of a text only: the same match there, found without reading on.
static OPENING_CUE: Pattern = Pattern::new(|| regex(&format!("(?ix)^{}", cue_before_pattern())));

fn cue_before_pattern() -> String {
    format!(r"\b(?:(?:{NEGATED})|(?:{AGAINST_BEFORE})|(?:{FOR_BEFORE}))\b")
}

pub(super) static CUE_AFTER: Pattern = Pattern::new(|| {
    regex(&format!(
        r"(?ix)\b(?:(?:{AGAINST_AFTER})|(?:{FOR_AFTER}))\b"
    ))
});

/// The kind of a cue found by [`CUE_BEFORE`] or [`CUE_AFTER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Negated,
    Against,
    For,
}

/// Whole cues of each kind, to tell which kind a found cue is.
static NEGATED_CUE: Pattern = Pattern::new(|| regex(&format!(r"(?ix)^(?:{NEGATED})$")));
static AGAINST_BEFORE_CUE: Pattern =
    Pattern::new(|| regex(&format!(r"(?ix)^(?:{AGAINST_BEFORE})$")));
static AGAINST_AFTER_CUE: Pattern = Pattern::new(|| regex(&format!(r"(?ix)^(?:{AGAINST_AFTER})$")));

fn kind_before(cue: &str) -> CueKind {
    if NEGATED_CUE.local().is_match(cue) {
        CueKind::Negated
    } else if AGAINST_BEFORE_CUE.local().is_match(cue) {
        CueKind::Against
    } else {
        CueKind::For
    }
}

fn kind_after(cue: &str) -> CueKind {
    if AGAINST_AFTER_CUE.local().is_match(cue) {
        CueKind::Against
    } else {
        CueKind::For
    }
}

/// How many words may stand between a mention and a cue after it ("deep squats with a heavy
/// bar can make it worse").
const MAX_CUE_GAP: usize = 6;

/// What a clause says about the text at `at..end` (a mention within the clause), and the
/// cue's byte range in the clause. The nearest cue before the mention wins; otherwise the
/// first cue after it. `around` holds the triggers of the clause's words on either side of
/// the mention.
pub fn cue(
    clause: &str,
    at: usize,
    end: usize,
    around: Around,
) -> Option<(Stance, std::ops::Range<usize>)> {
    // Without a word there is no cue to find.
    let before = if around.before & triggers::WORD == 0 {
        None
    } else {
        cue_before(clause, at)
    };
    if before.is_some() {
        return before;
    }
    let after = if around.after & triggers::WORD != 0 {
        CUE_AFTER.local().find(&clause[end..])
    } else {
        None
    };
    let Some(m) = after else {
        return elliptical(clause, at, end, around);
    };
    let stance = match kind_after(m.as_str()) {
        CueKind::Against => Stance::Avoid,
        _ => Stance::Recommend,
    };
    // The mention must be what the cue is said of: close by, and not across a relative clause
    // ("pain at the start of a run that may ease" says nothing about running).
    let (mut gap, mut relative) = (0, false);
    for word in clause[end..end + m.start()]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        gap += 1;
        relative |= [
            "that", "which", "who", "where", "when", "if", "as", "because", "since",
        ]
        .iter()
        .any(|w| lowercase_is(word, w));
    }
    if gap > MAX_CUE_GAP || relative {
        return elliptical(clause, at, end, around);
    }
    Some((stance, m.start() + end..m.end() + end))
}

/// The nearest cue before byte `at` of the clause that governs what follows it.
fn cue_before(clause: &str, at: usize) -> Option<(Stance, std::ops::Range<usize>)> {
    CUE_BEFORE
        .local()
        .find_iter(&clause[..at])
        .filter_map(|m| {
            let mut kind = kind_before(m.as_str());
            // "Keep away from …" is the opposite of "keep walking".
            let next = clause[m.end()..].split_whitespace().next().unwrap_or("");
            if lowercase_starts_with(m.as_str(), "keep")
                && ["away", "clear", "off"]
                    .iter()
                    .any(|w| lowercase_is(next, w))
            {
                kind = CueKind::Against;
            }
            let (stance, m) = if kind == CueKind::Negated {
                (Stance::Recommend, m)
            } else if kind == CueKind::Against {
                // "Stop if it hurts" is an instruction for while exercising.
                let next = clause[m.end()..].split_whitespace().next().unwrap_or("");
                if lowercase_starts_with(m.as_str(), "stop")
                    && matches!(next, "if" | "when" | "as" | "once")
                {
                    return None;
                }
                // "People have to stop walking and sit down" describes a symptom.
                let before = clause[..m.start()].trim_end();
                if [
                    "have to",
                    "has to",
                    "had to",
                    "need to",
                    "needs to",
                    "forced to",
                    "makes you",
                    "make you",
                    "able to",
                    "unable to",
                ]
                .iter()
                .any(|w| lowercase_ends_with(before, w))
                {
                    return None;
                }
                (Stance::Avoid, m)
            } else {
                (Stance::Recommend, m)
            };
            // "people who want to return to running" describes a wish, not advice.
            let before = clause[..m.start()].trim_end();
            if stance == Stance::Recommend
                && [
                    "want to",
                    "wants to",
                    "hope to",
                    "hoping to",
                    "plan to",
                    "wish to",
                    "keen to",
                ]
                .iter()
                .any(|w| lowercase_ends_with(before, w))
            {
                return None;
            }
            Some((stance, m.range()))
        })
        .last()
}

/// An earlier cue carried over to the mention at the end of the text before it: "…, and so
/// is", "also". Triggers: so, as, also, likewise.
pub(super) static CARRY: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:(?:and\s+)?(?:so|as)\s+(?:is|are|do|does|can)|also|likewise)\W+(?:(?:a|an|the|your)\s+)?(?:\w+\s+){0,2}$",
    )
});

/// The same, in the few words after the mention: "… lunges too", "… as well". Triggers: too,
/// well.
pub(super) static TOO: Pattern =
    Pattern::new(|| regex(r"(?ix)^\W*(?:\w+\W+){0,3}?(?:too|as\s+well)\b"));

/// Whether `text` lowercased is `word` (lowercase ASCII), without building the lowercase
/// text. Lowercasing is by character, which differs from [`str::to_lowercase`] only in a
/// final sigma, never part of an ASCII word.
pub(super) fn lowercase_is(text: &str, word: &str) -> bool {
    if text.is_ascii() {
        return text.eq_ignore_ascii_case(word);
    }
    text.chars().flat_map(char::to_lowercase).eq(word.chars())
}

/// Whether `text` lowercased starts with `prefix` (lowercase ASCII).
pub(super) fn lowercase_starts_with(text: &str, prefix: &str) -> bool {
    match text.as_bytes().get(..prefix.len()) {
        Some(head) if head.is_ascii() => head.eq_ignore_ascii_case(prefix.as_bytes()),
        None if text.is_ascii() => false,
        _ => {
            let mut lower = text.chars().flat_map(char::to_lowercase);
            prefix.chars().all(|c| lower.next() == Some(c))
        }
    }
}

/// Whether `text` lowercased ends with `suffix` (lowercase ASCII).
pub(super) fn lowercase_ends_with(text: &str, suffix: &str) -> bool {
    let tail = text
        .len()
        .checked_sub(suffix.len())
        .map(|start| &text.as_bytes()[start..]);
    match tail {
        Some(tail) if tail.is_ascii() => tail.eq_ignore_ascii_case(suffix.as_bytes()),
        None if text.is_ascii() => false,
        _ => {
            let mut lower = text.chars().rev().flat_map(|c| c.to_lowercase().rev());
            suffix.chars().rev().all(|c| lower.next() == Some(c))
        }
    }
}

/// "Walking is fine, and so is a gentle bird dog", "heavy squats can make it worse, and
/// lunges too": a cue said of an earlier mention and carried over to this one.
fn elliptical(
    clause: &str,
    at: usize,
    end: usize,
    around: Around,
) -> Option<(Stance, std::ops::Range<usize>)> {
    let before = &clause[..at];
    let carried = (around.before & triggers::CARRY != 0 && CARRY.local().is_match(before))
        || (around.after & triggers::TOO != 0 && TOO.local().is_match(&clause[end..]));
    if !carried {
        return None;
    }
    let m = CUE_AFTER.local().find_iter(before).last()?;
    let stance = match kind_after(m.as_str()) {
        CueKind::Against => Stance::Avoid,
        _ => Stance::Recommend,
    };
    Some((stance, m.range()))
}

/// A cue at the very start of a text ("Avoid these for now"), which governs what came before
/// it: the label of a `Label: description` item.
pub fn opening_cue(text: &str) -> Option<(Stance, std::ops::Range<usize>)> {
    let m = OPENING_CUE.local().find(text)?;
    match kind_before(m.as_str()) {
        CueKind::Negated => Some((Stance::Recommend, m.range())),
        CueKind::Against => Some((Stance::Avoid, m.range())),
        CueKind::For => None,
    }
}

/// Compiles the patterns of this module, those an article needs first first.
pub(super) fn compile_patterns() {
    for pattern in [
        &BREAK,
        &CUE_BEFORE,
        &CUE_AFTER,
        &OPENING_CUE,
        &NEGATED_CUE,
        &AGAINST_BEFORE_CUE,
        &AGAINST_AFTER_CUE,
        &CARRY,
        &TOO,
        &IMPERATIVE,
        &HARMFUL,
        &VERDICT_AGAINST,
        &VERDICT_FOR,
    ] {
        pattern.compile();
    }
}

/// Where one clause ends and the next begins: see [`clauses`].
static BREAK: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)(?:[.!?]+(?:\s|$) | ;\s* | \s[–—-]\s | ,?\s+(?:but|whereas|although|though|however|yet|while)\s+ | ,\s*(?:as|so|because|since|which)\s+ | \s+instead[,.]?\s*)",
    )
});

/// Splits a text into clauses, each a byte range: sentences, then semicolons, dashes and
/// contrasts ("…, but …", "…, whereas …", "… instead").
pub fn clauses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in BREAK.local().find_iter(text) {
        if m.start() > start {
            out.push(start..m.start());
        }
        start = m.end();
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Table cells that say no, and cells that say yes: see [`verdict`].
static VERDICT_AGAINST: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)^\W*(?:avoid|avoid\s+it|don[’‘']?t|do\s+not|no|not\s+(?:recommended|advised|safe|yet)|unsafe|skip|never|stop|harmful|risky|✗|✘|❌|×)\b?\W*$",
    )
});
static VERDICT_FOR: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)^\W*(?:do|yes|recommended|safe|try|try\s+it|good|helpful|ok|okay|fine|encouraged|✓|✔|✅)\b?\W*$",
    )
});

/// A table cell that is itself a verdict: "Avoid", "Recommended", "Yes", "✗".
pub fn verdict(cell: &str) -> Option<Stance> {
    if VERDICT_AGAINST.local().is_match(cell) {
        Some(Stance::Avoid)
    } else if VERDICT_FOR.local().is_match(cell) {
        Some(Stance::Recommend)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stance_of(sentence: &str, mention: &str) -> Option<Stance> {
        let at = sentence.find(mention).expect("mention in sentence");
        cue(sentence, at, at + mention.len(), Around::ANY).map(|(s, _)| s)
    }

    #[test]
    fn cues_before_and_after_a_mention() {
        use Stance::*;
        for (sentence, mention, expected) in [
            ("Avoid sit-ups for now", "sit-ups", Some(Avoid)),
            ("Try to avoid deep squats", "deep squats", Some(Avoid)),
            ("Don't do sit-ups", "sit-ups", Some(Avoid)),
            ("Don't skip your daily walk", "walk", Some(Recommend)),
            (
                "There is no need to avoid swimming",
                "swimming",
                Some(Recommend),
            ),
            ("Instead of sit-ups, try dead bugs", "sit-ups", Some(Avoid)),
            (
                "Instead of sit-ups, try dead bugs",
                "dead bugs",
                Some(Recommend),
            ),
            (
                "Heavy lifting can make sciatica worse",
                "Heavy lifting",
                Some(Avoid),
            ),
            (
                "The plank and glute bridge help stabilise the spine",
                "plank",
                Some(Recommend),
            ),
            (
                "Stop if the pain spreads, then try walking",
                "walking",
                Some(Recommend),
            ),
            (
                "Running was once thought to wear out knees",
                "Running",
                None,
            ),
            ("Keep walking every day", "walking", Some(Recommend)),
            (
                "Try not to sit for long spells",
                "sit for long spells",
                Some(Avoid),
            ),
            (
                "People who want to return to pivoting sport",
                "pivoting sport",
                None,
            ),
            (
                "Pain at the start of a run that may ease later",
                "run",
                None,
            ),
            (
                "Deep squats with a heavy bar can make it worse",
                "Deep squats",
                Some(Avoid),
            ),
        ] {
            assert_eq!(
                stance_of(sentence, mention),
                expected,
                "{sentence} / {mention}"
            );
        }
    }

    #[test]
    fn a_cue_carries_over_to_an_elliptical_mention() {
        use Stance::*;
        for (sentence, mention, expected) in [
            (
                "Walking is fine, and so is a gentle bird dog",
                "bird dog",
                Some(Recommend),
            ),
            (
                "Heavy squats can make it worse, and lunges too",
                "lunges",
                Some(Avoid),
            ),
            ("Walking is fine, and a bird dog tomorrow", "bird dog", None),
            ("Keep away from heavy squats", "heavy squats", Some(Avoid)),
            ("Avoid skipping your daily walk", "walk", Some(Recommend)),
            (
                "Make sure you don't skip your walk",
                "walk",
                Some(Recommend),
            ),
            ("Don‘t do sit-ups", "sit-ups", Some(Avoid)),
        ] {
            assert_eq!(
                stance_of(sentence, mention),
                expected,
                "{sentence} / {mention}"
            );
        }
    }

    #[test]
    fn clauses_split_at_sentences_and_contrasts() {
        let text = "Avoid sit-ups, but try bridges. Walk daily; swim weekly";
        let parts: Vec<&str> = clauses(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            ["Avoid sit-ups", "try bridges", "Walk daily", "swim weekly"]
        );
    }

    #[test]
    fn an_opening_cue_is_the_cue_found_at_the_start() {
        let mut found = 0;
        for text in crate::advice::evaluation_texts() {
            for (at, _) in text.char_indices() {
                let rest = &text[at..];
                let searched = CUE_BEFORE.local().find(rest).filter(|m| m.start() == 0);
                let opening = OPENING_CUE.local().find(rest);
                assert_eq!(
                    opening.map(|m| m.range()),
                    searched.map(|m| m.range()),
                    "{rest:?}"
                );
                found += usize::from(opening.is_some());
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn lowercase_comparisons_agree_with_lowercasing() {
        let texts = [
            "",
            "x",
            "Keep",
            "KEEP away",
            "keeP",
            "\u{212a}eep",
            "İ",
            "İs",
            "stop",
            "ſtop",
            "MAKE YOU",
            "ma\u{212a}e you",
            "have to",
            "ΣΑΣ",
            "walking",
            "WALKİNG",
            "éing",
            "ingé",
        ];
        let words = [
            "", "i", "k", "s", "is", "ing", "keep", "stop", "have to", "make you", "walking",
        ];
        for text in texts {
            let lower = text.to_lowercase();
            for word in words {
                let case = format!("{text:?} / {word:?}");
                assert_eq!(lowercase_is(text, word), lower == word, "{case}");
                assert_eq!(
                    lowercase_starts_with(text, word),
                    lower.starts_with(word),
                    "{case}"
                );
                assert_eq!(
                    lowercase_ends_with(text, word),
                    lower.ends_with(word),
                    "{case}"
                );
            }
        }
    }

    #[test]
    fn verdict_cells() {
        assert_eq!(verdict("Avoid"), Some(Stance::Avoid));
        assert_eq!(verdict("❌"), Some(Stance::Avoid));
        assert_eq!(verdict("**Recommended**"), Some(Stance::Recommend));
        assert_eq!(verdict("Heavy squats"), None);
    }

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
