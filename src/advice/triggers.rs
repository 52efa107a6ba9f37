//! Words that a prose pattern cannot match without. Several patterns are tried for every
//! mention (the phase patterns, "used to", "as you lift", "and so is", "too"); each has a set of
//! trigger words such that every match contains one of them as a whole word, so a text that has
//! none of them is not searched. [`Lexicon::words`](super::lexicon::Lexicon::words) notes the
//! triggers of every word it splits, from its cache.
//!
//! A word with a letter outside ASCII counts as every trigger: the patterns match case
//! insensitively, which takes `ſ` for `s` and `K` (the kelvin sign) for `k`, and their ASCII
//! `\b` ends a word at a letter like `é` where the lexicon's words go on.

/// A set of patterns, one bit each.
pub type Triggers = u8;

/// [`EARLY`](super::EARLY): "in the first week", "until the pain settles".
pub const EARLY: Triggers = 1;
/// [`LATER`](super::LATER): "from week four", "once the pain has eased".
pub const LATER: Triggers = 1 << 1;
/// [`HISTORY`](super::HISTORY): "used to", "years ago".
pub const HISTORY: Triggers = 1 << 2;
/// [`TECHNIQUE`](super::TECHNIQUE), whose trigger must be the first word after the mention:
/// "as you stand", "while you lift".
pub const TECHNIQUE: Triggers = 1 << 3;
/// A cue carried over from an earlier mention: "and so is", "also".
pub const CARRY: Triggers = 1 << 4;
/// The same, after the mention: "lunges too", "bridges as well".
pub const TOO: Triggers = 1 << 5;
/// Any word at all: the cue patterns cannot match where there is no letter.
pub const WORD: Triggers = 1 << 6;
/// Every pattern: what a word with a letter outside ASCII triggers.
pub const ALL: Triggers = Triggers::MAX;

/// Each pattern's trigger words, lowercase. Every alternative of a pattern needs one of them
/// between word boundaries; the patterns' comments and the tests hold them to that.
const WORDS: &[(&str, Triggers)] = &[
    ("acute", EARLY),
    ("ago", HISTORY),
    ("also", CARRY),
    ("as", TECHNIQUE | CARRY),
    ("back", LATER),
    ("begin", EARLY),
    ("between", LATER),
    ("day", EARLY),
    ("days", EARLY),
    ("first", EARLY),
    ("flare", EARLY),
    ("fortnight", EARLY | LATER),
    ("historically", HISTORY),
    ("later", LATER),
    ("likewise", CARRY),
    ("month", EARLY | LATER),
    ("months", EARLY | LATER),
    ("now", EARLY),
    ("once", LATER | HISTORY),
    ("past", HISTORY),
    ("phase", EARLY),
    ("return", LATER),
    ("returning", LATER),
    ("so", CARRY),
    ("stage", EARLY),
    ("straight", EARLY),
    ("too", TOO),
    ("traditionally", HISTORY),
    ("until", EARLY),
    ("used", HISTORY),
    ("week", EARLY | LATER),
    ("weeks", EARLY | LATER),
    ("well", TOO),
    ("when", LATER | TECHNIQUE),
    ("while", EARLY | TECHNIQUE),
];

/// The triggers in a mention's clause before the mention and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Around {
    pub before: Triggers,
    pub after: Triggers,
}

impl Around {
    /// When the words are not known: every pattern is tried.
    pub const ANY: Around = Around {
        before: ALL,
        after: ALL,
    };
}

/// The patterns one word (a run of letters and digits) triggers.
pub fn of(word: &str) -> Triggers {
    if !word.is_ascii() {
        return ALL;
    }
    WORDS
        .iter()
        .filter(|(trigger, _)| trigger.eq_ignore_ascii_case(word))
        .fold(WORD, |all, (_, triggers)| all | triggers)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::advice::lexicon::Lexicon;
    use crate::advice::stance::TOO as TOO_PATTERN;
    use crate::advice::stance::{self, CARRY as CARRY_PATTERN, CUE_AFTER, CUE_BEFORE};
    use crate::advice::{EARLY as EARLY_PATTERN, HISTORY as HISTORY_PATTERN};
    use crate::advice::{LATER as LATER_PATTERN, TECHNIQUE as TECHNIQUE_PATTERN};
    use std::ops::Range;

    /// The evaluation articles, and lines written to sit on the edges of the patterns: letters
    /// that fold into ASCII, letters outside ASCII next to a trigger, underscores and digits.
    fn texts() -> Vec<String> {
        let mut texts = crate::advice::evaluation_texts();
        texts.push(
            [
                "If you uſed to run, squats in the firſt week are fine; ſo is walking.",
                "Skip squats for now, and lunges too. Swim éfirst week, walk at firsté.",
                "Avoid squats until_ later; once_ healed, squats as well, bridges tooé.",
                "Walking is fine, and so are lunges. Squats, likewise planks, also bridges.",
                "Return to running from week 4; get back into squats after six weeks.",
                "Avoid twisting as you stand up, squats while you lift, lunges when you bend.",
                "Planks in the past, bridges years ago, squats were once banned, lunges traditionally.",
                "Squats for 3-days, lunges for a couple of weeks, walking during the flare-up.",
                "Lunges straight after surgery; walk while the knee is sore, swim to begin with.",
                "Squats between flares, lunges once the pain has settled, walking when you can.",
                "Ease back into planks later on, in the later stages run, from the second week.",
                "Squats for the first few days, lunges in the first two weeks, walk 5weeks.",
                "squatsTOO, squats—too; squats as\twell; once\u{a0}the pain settles; weeK 4.",
            ]
            .join("\n"),
        );
        texts
    }

    /// Windows of `line` that the patterns are tried on: each clause, and the parts of it
    /// before and after every word, also from and to points inside words.
    fn windows(line: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let inside = |at: usize| {
            (at..line.len())
                .find(|&i| line.is_char_boundary(i))
                .unwrap_or(line.len())
        };
        for clause in stance::clauses(line) {
            out.push(clause.clone());
            for span in spans
                .iter()
                .filter(|s| clause.start <= s.start && s.end <= clause.end)
            {
                out.push(clause.start..span.start);
                out.push(span.end..clause.end);
                out.push(inside(clause.start + 1).min(span.start)..span.start);
                out.push(span.end..inside(span.end + 2).min(clause.end).max(span.end));
            }
        }
        out
    }

    #[test]
    fn no_pattern_matches_a_text_without_its_triggers() {
        let lexicon = Lexicon::built_in().unwrap();
        let patterns = [
            ("EARLY", EARLY_PATTERN.local(), EARLY),
            ("LATER", LATER_PATTERN.local(), LATER),
            ("HISTORY", HISTORY_PATTERN.local(), HISTORY),
            ("CARRY", CARRY_PATTERN.local(), CARRY),
            ("TOO", TOO_PATTERN.local(), TOO),
            ("CUE_BEFORE", CUE_BEFORE.local(), WORD),
            ("CUE_AFTER", CUE_AFTER.local(), WORD),
        ];
        let mut matched = [0; 8];
        for text in texts() {
            for line in text.lines() {
                let words = lexicon.words(line);
                let spans: Vec<Range<usize>> = words.spans().collect();
                for window in windows(line, &spans) {
                    let found = words.triggers_within(window.clone());
                    for (i, (name, pattern, trigger)) in patterns.iter().enumerate() {
                        if pattern.is_match(&line[window.clone()]) {
                            matched[i] += 1;
                            assert!(
                                found & trigger != 0,
                                "{name} matches {:?} without a trigger",
                                &line[window.clone()]
                            );
                        }
                    }
                }
                // The manner of a task is read from the first word after a mention.
                for (index, span) in spans.iter().enumerate() {
                    if TECHNIQUE_PATTERN.local().is_match(&line[span.end..]) {
                        matched[7] += 1;
                        assert!(
                            words.triggers_of(index + 1) & TECHNIQUE != 0,
                            "TECHNIQUE matches {:?} without a trigger",
                            &line[span.end..]
                        );
                    }
                }
            }
        }
        assert!(
            matched.iter().all(|&n| n > 0),
            "every pattern is tried: {matched:?}"
        );
    }

    #[test]
    fn words_trigger_their_patterns_in_any_case() {
        assert_eq!(of("Weeks"), WORD | EARLY | LATER);
        assert_eq!(of("AS"), WORD | TECHNIQUE | CARRY);
        assert_eq!(of("weekly"), WORD);
        assert_eq!(of("uſed"), ALL);
        assert_eq!(of("café"), ALL);
        assert!(
            WORDS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
    }
}
