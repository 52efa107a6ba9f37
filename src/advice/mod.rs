//! Exercise advice: which exercises an article mentions, in which form, and whether it
//! recommends them or advises against them. `lexicon.rs` knows the exercises and finds them;
//! `stance.rs` reads the words around a mention. [`analyse`] runs once per article and its
//! [`Mention`]s are shared by the advice rules (HL302–HL304) and `healthlint dump`.
//!
//! A mention's stance comes from, in order: a cue in its own clause ("avoid", "don't skip",
//! "can make it worse", "try"); in a table, a verdict cell in its row or its column's header;
//! the heading of its section. A mention followed by "test" (a clinical test) or in a question
//! is only mentioned. Its form (variant) comes from the name itself (a wall squat is a light
//! squat) and from qualifier words in its clause.

pub mod lexicon;
pub mod stance;
pub mod triggers;

use crate::article::{Advice, Article, Section};
use crate::pattern::Pattern;
use crate::prose_regex as regex;
use crate::source::Span;
use lexicon::{Dimension, Hit, Lexicon, Meaning, ValueId, Variant};
use serde_json::Value;
use stance::Stance;
use std::ops::Range;
use triggers::{Around, Triggers};

/// Where a mention's stance came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StanceSource {
    /// A cue word in the mention's clause; the span is the cue.
    Cue(Span),
    /// A verdict cell in the table row, or the column's header.
    Table(Span),
    /// The section heading.
    Heading(Span),
    /// Nothing: the mention is neutral.
    None,
}

impl StanceSource {
    pub fn describe(&self) -> &'static str {
        match self {
            StanceSource::Cue(_) => "sentence",
            StanceSource::Table(_) => "table",
            StanceSource::Heading(_) => "section",
            StanceSource::None => "none",
        }
    }
}

/// One exercise named in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into the lexicon's exercises.
    pub exercise: usize,
    /// The words that named it, and where.
    pub text: String,
    pub span: Span,
    pub variant: Variant,
    pub stance: Stance,
    pub source: StanceSource,
}

/// What one article says about exercises, and the conditions it is about.
#[derive(Debug, Clone, Default)]
pub struct AdviceReport {
    pub mentions: Vec<Mention>,
    pub conditions: Vec<ValueId>,
    /// Exercises the article both recommends and advises against, found once for the rules.
    pub conflicts: Vec<Conflict>,
}

/// Finds and judges every exercise mention in the article's lists, tables and paragraphs.
pub fn analyse(article: &Article, lexicon: &Lexicon) -> AdviceReport {
    let conditions = article_conditions(article, lexicon);
    let mut mentions = Vec::new();
    for section in &article.sections {
        let context = SectionContext::of(section, lexicon, &conditions);
        for item in &section.items {
            let block = Block {
                text: &without_comments(&item.text.value),
                offset: item.text.span.start,
                row: None,
                prose: false,
                label_end: item
                    .label
                    .as_ref()
                    .map(|l| l.span.end.saturating_sub(item.text.span.start))
                    .filter(|&end| item.text.value.is_char_boundary(end)),
                around: Variant::default(),
            };
            block.mentions(lexicon, &conditions, &context, &mut mentions);
        }
        for paragraph in &section.paragraphs {
            let block = Block {
                text: &without_comments(&paragraph.value),
                offset: paragraph.span.start,
                row: None,
                prose: true,
                label_end: None,
                around: Variant::default(),
            };
            block.mentions(lexicon, &conditions, &context, &mut mentions);
        }
        for table in &section.tables {
            for row in &table.rows {
                for (column, cell) in row.iter().enumerate() {
                    let verdict = row
                        .iter()
                        .filter(|other| other.span != cell.span)
                        .find_map(|other| stance::verdict(&other.value).map(|s| (s, other.span)))
                        .or_else(|| {
                            let header = table.header.get(column)?;
                            let stance = stance::verdict(&header.value).or(
                                match crate::article::headings::advice(&header.value) {
                                    Advice::Avoid => Some(Stance::Avoid),
                                    _ => None,
                                },
                            )?;
                            Some((stance, header.span))
                        });
                    let block = Block {
                        text: &without_comments(&cell.value),
                        offset: cell.span.start,
                        row: verdict,
                        prose: false,
                        label_end: None,
                        around: row_phase(lexicon, row, cell.span),
                    };
                    block.mentions(lexicon, &conditions, &context, &mut mentions);
                }
            }
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    let conflicts = conflicts(&mentions);
    AdviceReport {
        mentions,
        conditions,
        conflicts,
    }
}

/// The phase a table row's other cells give ("From week 4", "Days 1 to 3").
fn row_phase(lexicon: &Lexicon, row: &[crate::source::Spanned<String>], cell: Span) -> Variant {
    let mut variant = Variant::default();
    for other in row.iter().filter(|c| c.span != cell) {
        if let Some(phase) = phase_of(lexicon, &other.value, 0, triggers::ALL) {
            variant.set(Dimension::Phase, phase);
        }
    }
    variant
}

/// Compiles the built-in lexicon and the patterns of the analysis ahead of use. `check` runs
/// it on a spare thread while files are found and read, so no article waits for it. The
/// patterns are compiled on a thread of their own meanwhile. Nothing is searched here: each
/// thread searches with its own copy of a pattern, so a search here would help no worker.
pub fn warm_up() {
    let patterns = std::thread::spawn(compile_patterns);
    let _ = Lexicon::built_in();
    let _ = patterns.join();
}

/// Compiles every pattern of the analysis, those an article needs first first.
fn compile_patterns() {
    stance::compile_patterns();
    for pattern in [
        &EARLY,
        &LATER,
        &HISTORY,
        &TECHNIQUE,
        &CONDITIONAL,
        &FOR_CONDITION,
    ] {
        pattern.compile();
    }
}

/// The conditions an article is about: front matter `conditions`, else its title's words.
pub fn article_conditions(article: &Article, lexicon: &Lexicon) -> Vec<ValueId> {
    let declared: Vec<String> = article
        .front_matter
        .as_ref()
        .and_then(|fm| fm.value.get("conditions"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let texts: Vec<&str> = if declared.is_empty() {
        article.title.iter().map(|t| t.value.as_str()).collect()
    } else {
        declared.iter().map(String::as_str).collect()
    };
    let mut found = Vec::new();
    for text in texts {
        // The longest names win: "hip osteoarthritis" is not also plain "osteoarthritis".
        let words = lexicon.words(text);
        let mut hits: Vec<(Range<usize>, ValueId)> = lexicon
            .find(&words)
            .into_iter()
            .filter_map(|hit| match hit.meaning {
                Meaning::Qualifier {
                    dimension: Dimension::Condition,
                    value,
                } => Some((hit.words, value)),
                _ => None,
            })
            .collect();
        hits.sort_by_key(|(r, _)| (std::cmp::Reverse(r.len()), r.start));
        let mut taken: Vec<Range<usize>> = Vec::new();
        for (range, value) in hits {
            if taken
                .iter()
                .any(|t| t.start < range.end && range.start < t.end)
            {
                continue;
            }
            taken.push(range);
            if !found.contains(&value) {
                found.push(value);
            }
        }
        // A declared condition may be written as its id (`plantar_fasciitis`).
        if let Some(value) = lexicon.condition(text.trim())
            && !found.contains(&value)
        {
            found.push(value);
        }
    }
    found
}

/// The section a block sits in: its default stance and where that came from, and the phase
/// or condition its heading or a lead-in line ("While the shin is sore, avoid:") gives.
struct SectionContext {
    stance: Stance,
    source: StanceSource,
    variant: Variant,
}

impl SectionContext {
    fn of(section: &Section, lexicon: &Lexicon, article_conditions: &[ValueId]) -> SectionContext {
        let (stance, source) = match (&section.heading, section.advice) {
            (Some(h), Advice::Avoid) => (Stance::Avoid, StanceSource::Heading(h.span)),
            (Some(h), Advice::Recommend) => (Stance::Recommend, StanceSource::Heading(h.span)),
            _ => (Stance::Neutral, StanceSource::None),
        };
        let mut variant = Variant::default();
        let lead_ins = section.heading.iter().map(|h| h.value.as_str()).chain(
            section
                .paragraphs
                .iter()
                .map(|p| p.value.as_str())
                .filter(|p| p.trim_end().ends_with(':')),
        );
        for text in lead_ins {
            let words = lexicon.words(text);
            let triggers = words.triggers_within(0..text.len());
            if let Some(phase) = phase_of(lexicon, text, text.len(), triggers) {
                variant.set(Dimension::Phase, phase);
            }
            for hit in lexicon.find(&words) {
                if let Meaning::Qualifier {
                    dimension: dimension @ (Dimension::Phase | Dimension::Condition),
                    value,
                } = hit.meaning
                    && (dimension == Dimension::Phase
                        || conditional(
                            &text[..words.byte_range(&hit.words).start],
                            article_conditions.contains(&value),
                        ))
                {
                    variant.set(dimension, value);
                }
            }
        }
        SectionContext {
            stance,
            source,
            variant,
        }
    }
}

/// Whether a condition named right after `before` makes the advice depend on it. A condition
/// is only a qualifier when the advice is given for it: "if you have spinal stenosis, …",
/// "for a herniated disc, …". "Heavy lifting can make sciatica worse" names a reason, not a
/// condition of the advice, and the article's own condition needs an explicit "if you have".
fn conditional(before: &str, own: bool) -> bool {
    CONDITIONAL.local().is_match(before) || (!own && FOR_CONDITION.local().is_match(before))
}

/// "for …", "with a …" just before a condition: enough for a condition the article is not
/// about (see [`conditional`]).
static FOR_CONDITION: Pattern =
    Pattern::new(|| regex(r"(?ix)\b(?:for|with|in)\s+(?:an?\s+|the\s+|your\s+)?(?:\w+\s+)?$"));

/// A clause that tells of the past before the mention: "If you used to do headstands …".
/// Triggers: used, once, past, ago, traditionally, historically.
static HISTORY: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:used\s+to|were\s+once|was\s+once|once\s+(?:were|was)|in\s+the\s+past|years\s+ago|traditionally|historically)\b",
    )
});

/// A movement named as the manner of an everyday task, not as an exercise: "avoid twisting as
/// you stand up", "bending while you lift". Triggers (the first word): as, while, when.
static TECHNIQUE: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)^\W*(?:as|while|when)\s+you\s+(?:stand|lift|get|pick|carry|reach|put|bend|sit|turn|push|pull|load|unload)\b",
    )
});

/// "If you have …", "for people with …" just before a condition: the advice depends on it.
static CONDITIONAL: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)(?:\bif\s+(?:you\s+have|you[’']ve\s+got|you\s+are|it\s+is|the\s+cause\s+is|your)|\b(?:for|in)\s+(?:people|those|anyone|patients)\s+with|\bwhen\s+you\s+have|\bwith\s+an?)(?:\s+\w+){0,2}\s*$",
    )
});

/// What the description of a `Label: description` item says of the label: "Sit-ups: avoid
/// these", "Sit-ups: these put strain on the discs".
/// `triggers` are those of the description's words.
fn described(description: &str, triggers: Triggers) -> Option<(Stance, Range<usize>)> {
    let lead = description.len()
        - description
            .trim_start_matches([':', ' ', '*', '-', '–', '—'])
            .len();
    let text = &description[lead..];
    let around = Around {
        before: 0,
        after: triggers,
    };
    let (stance, cue) = stance::opening_cue(text).or_else(|| stance::cue(text, 0, 0, around))?;
    Some((stance, cue.start + lead..cue.end + lead))
}

/// Whether a clause opens with the exercise as a bare verb, an instruction to do it: "Walk
/// for ten minutes", "Swim twice a week" (but not "Walking helps" or "Squats can hurt").
fn imperative(clause: &str, at: usize, end: usize) -> bool {
    // Only a one-word mention can be the verb itself ("Walk", not "Long spells of sitting").
    if clause[at..end].contains(|c: char| !c.is_alphanumeric()) {
        return false;
    }
    let lead = clause[..at].trim();
    if !(lead.is_empty() || lead.eq_ignore_ascii_case("and") || lead.eq_ignore_ascii_case("then")) {
        return false;
    }
    let first = clause[at..end]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next = clause[end..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let noun_like =
        stance::lowercase_ends_with(first, "ing") || stance::lowercase_ends_with(first, "s");
    let followed_by_verb = [
        "is", "are", "was", "were", "can", "may", "might", "will", "could", "should", "helps",
        "help", "puts", "put", "makes", "make", "tends", "often",
    ]
    .iter()
    .any(|verb| stance::lowercase_is(next, verb));
    !noun_like && !followed_by_verb
}

/// The phase a clause gives a mention at byte `at`: "in the first week" is early, "from week
/// four" or "return to running" later. A match inside one of the other kind does not count
/// ("after the first week" is later); when both remain, the nearer one wins.
/// `triggers` are those of the clause's words: a pattern without its trigger is not searched.
fn phase_of(lexicon: &Lexicon, clause: &str, at: usize, triggers: Triggers) -> Option<ValueId> {
    let matches = |pattern: &Pattern, trigger: Triggers| -> Vec<Range<usize>> {
        if triggers & trigger == 0 {
            return Vec::new();
        }
        pattern
            .local()
            .find_iter(clause)
            .map(|m| m.range())
            .collect()
    };
    let early = matches(&EARLY, triggers::EARLY);
    let later = matches(&LATER, triggers::LATER);
    let inside = |r: &Range<usize>, others: &[Range<usize>]| {
        others
            .iter()
            .any(|o| o.start <= r.start && r.end <= o.end && o != r)
    };
    let distance = |r: &Range<usize>| {
        if r.end <= at {
            at - r.end
        } else {
            r.start.saturating_sub(at)
        }
    };
    let nearest = |own: &[Range<usize>], others: &[Range<usize>]| {
        own.iter()
            .filter(|r| !inside(r, others))
            .map(distance)
            .min()
    };
    let name = match (nearest(&early, &later), nearest(&later, &early)) {
        (Some(e), Some(l)) if l < e => "later",
        (Some(_), _) => "early",
        (None, Some(_)) => "later",
        (None, None) => return None,
    };
    lexicon
        .values(Dimension::Phase)
        .iter()
        .position(|v| v == name)
        .map(|v| v as ValueId)
}

/// A list item, paragraph or table cell.
struct Block<'a> {
    text: &'a str,
    /// Where the text starts in the file.
    offset: usize,
    /// For a table cell: the stance its row or column gives, and where.
    row: Option<(Stance, Span)>,
    /// Running prose (a paragraph), where a clause can open with an imperative ("Walk daily").
    prose: bool,
    /// For a `Label: description` item, where the label ends.
    label_end: Option<usize>,
    /// Qualifiers the surroundings give (a table row's "From week 4" cell).
    around: Variant,
}

/// The last `bytes` bytes of `text` (or a little more, to stay on a character boundary).
fn tail(text: &str, bytes: usize) -> &str {
    &text[char_floor(text, text.len().saturating_sub(bytes))..]
}

/// `at` (clamped to the text), moved back to the nearest character boundary.
fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at` (clamped to the text), moved forward to the nearest character boundary.
fn char_ceil(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The text with HTML comments (`<!-- editor: … -->`, suppression directives) blanked out,
/// byte for byte, so that offsets still point into the file and a note to editors is not read
/// as advice.
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        let comment = &rest[open..];
        let len = comment.find("-->").map_or(comment.len(), |close| close + 3);
        out.extend(std::iter::repeat_n(' ', len));
        rest = &comment[len..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// How far (in bytes) before and after a mention its clause is read.
const CLAUSE_REACH: usize = 300;

/// "in the first week", "for the first two weeks", "until your physio clears you". Triggers:
/// day(s), week(s), fortnight, month(s), stage, phase, until, flare, acute, straight, while,
/// now, first, begin.
static EARLY: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:(?:first|initial|opening|early)\s+(?:\w+\s+){0,2}(?:days?|weeks?|fortnight|months?|stage|phase)
          | until\s+(?:your\s+(?:physio\w*|doctor|surgeon|therapist|gp|consultant|nurse|midwife|wound|bleeding|pain|symptoms|scar)
              | you\s+can\b
              | you(?:[’']ve|\s+have)?\s+(?:been\s+)?(?:cleared|recovered|healed|seen|had)
              | (?:the\s+)?(?:pain|swelling|symptoms|wound|bleeding|tendon|injury|flare|inflammation)
              | it\s+(?:heals|has\s+healed|settles|has\s+settled|stops|calms))
          | for\s+(?:at\s+least\s+|about\s+|around\s+|up\s+to\s+|the\s+next\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several|a\s+couple\s+of)[\s-]+(?:days?|weeks?|months?|fortnight)
          | (?:during|in)\s+(?:a|the)\s+(?:flare|acute)|straight\s+after\s+(?:the\s+)?(?:injury|surgery|operation)
          | while\s+(?:the|your|it|it\s+is|you\s+are)\s+(?:\w+\s+){0,3}(?:sore|painful|sharp|severe|bad|acute|healing|heals|flaring|irritated|inflamed|swollen|recovering|hurts?)
          | for\s+now | at\s+first | to\s+begin\s+with
          | (?:for|in)\s+the\s+(?:first|next)\s+\w+\s+(?:days|weeks))\b",
    )
});

/// "from week four", "after six weeks", "once the pain settles". Triggers: week(s), month(s),
/// fortnight, between, back, once, later, return(ing), when.
static LATER: Pattern = Pattern::new(|| {
    regex(
        r"(?ix)\b(?:(?:from|after|by|beyond|past)\s+(?:week|month)\s+\w+
          | (?:after|from|beyond)\s+(?:about\s+|around\s+)?(?:the\s+|your\s+)?(?:first\s+)?(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|a\s+few|several)[\s-]+)?(?:weeks?|months?|fortnight)
          | from\s+the\s+(?:\w+\s+)?(?:week|month)
          | between\s+(?:flares?|flare[\s-]ups|attacks|episodes)
          | (?:ease|ease\s+yourself|get|come)\s+back\s+into
          | once\s+(?:the\s+|your\s+)?(?:pain|swelling|symptoms|flare|tendon|knee|back|ankle|injury)\w*\s+(?:has\s+|have\s+)?(?:settled|settles|eased|eases|calmed|calms|subsided|subsides|gone|healed|heals|improved|improves)
          | later\s+(?:in|on|stages?)|in\s+the\s+later\s+stages?
          | (?:return(?:ing)?|get(?:ting)?\s+back|go(?:ing)?\s+back|build(?:ing)?\s+back\s+up)\s+to
          | (?:when|once)\s+you\s+can\b)\b",
    )
});

impl Block<'_> {
    fn mentions(
        &self,
        lexicon: &Lexicon,
        article_conditions: &[ValueId],
        section: &SectionContext,
        out: &mut Vec<Mention>,
    ) {
        let words = lexicon.words(self.text);
        let hits = lexicon.find(&words);
        let names = select_names(&hits);
        if names.is_empty() {
            return;
        }
        let mut qualifiers: Vec<(Range<usize>, &Hit)> = hits
            .iter()
            .filter(|h| matches!(h.meaning, Meaning::Qualifier { .. }))
            .map(|h| (words.byte_range(&h.words), h))
            .collect();
        qualifiers.sort_by_key(|(bytes, _)| bytes.start);
        // A `Label: description` item: the label is a clause of its own, and it names the
        // exercise; the description says how to do it.
        let label_end = self.label_end.unwrap_or(0);
        let mut clauses = Vec::new();
        if label_end > 0 {
            clauses.push(0..label_end);
        }
        clauses.extend(
            stance::clauses(&self.text[label_end..])
                .into_iter()
                .map(|c| c.start + label_end..c.end + label_end),
        );
        let description = clauses
            .iter()
            .find(|c| label_end > 0 && c.start >= label_end)
            .cloned();
        let clause_of = |byte: usize| {
            clauses
                .iter()
                .find(|c| c.start <= byte && byte < c.end)
                .cloned()
                .unwrap_or(0..self.text.len())
        };
        for (index, (exercise, implies, range)) in names.iter().enumerate() {
            let bytes = words.byte_range(range);
            // "Skip calf raises", "Stop running": the verb of the advice, not the exercise
            // that shares its stem (skipping, stopping drills).
            let surface = &self.text[bytes.clone()];
            if surface.eq_ignore_ascii_case("skip") || surface.eq_ignore_ascii_case("stop") {
                continue;
            }
            let clause = clause_of(bytes.start);
            // A name never runs past its clause; if one seems to, the text is too odd to judge.
            if bytes.end > clause.end {
                continue;
            }
            // Only the words near a mention are read for it, so a run-on paragraph costs time
            // in proportion to its length, not its square.
            let clause = char_ceil(
                self.text,
                clause.start.max(bytes.start.saturating_sub(CLAUSE_REACH)),
            )
                ..char_floor(self.text, clause.end.min(bytes.end + CLAUSE_REACH));
            let clause_text = &self.text[clause.clone()];
            let at = bytes.start - clause.start;
            let end = bytes.end - clause.start;
            let in_label = bytes.end <= label_end;

            // Form: the name's own qualifiers, then the clause's. A label takes its timing and
            // condition from the whole item, but not the technique its description gives.
            let mut variant = *implies;
            let mut found = Variant::default();
            let mut distance = [usize::MAX; 8];
            // Qualifiers near the mention (all of them for a label, whose timing may come
            // from anywhere in its item).
            let near = if in_label {
                &qualifiers[..]
            } else {
                let from = qualifiers.partition_point(|(b, _)| b.start < clause.start);
                let to = qualifiers.partition_point(|(b, _)| b.start < clause.end);
                &qualifiers[from..to]
            };
            for (_, hit) in near {
                let Meaning::Qualifier { dimension, value } = hit.meaning else {
                    continue;
                };
                let hit_bytes = words.byte_range(&hit.words);
                let timing = matches!(dimension, Dimension::Phase | Dimension::Condition);
                let in_clause = clause.start <= hit_bytes.start && hit_bytes.end <= clause.end;
                if !(in_clause || (in_label && timing)) {
                    continue;
                }
                // "ten slow repetitions" is the tempo of a set, not a form of the exercise.
                if dimension == Dimension::Speed
                    && words.span(hit.words.end).is_some_and(|next| {
                        [
                            "repetition",
                            "repetitions",
                            "rep",
                            "reps",
                            "count",
                            "counts",
                            "counting",
                            "tempo",
                        ]
                        .iter()
                        .any(|w| self.text[next.clone()].eq_ignore_ascii_case(w))
                    })
                {
                    continue;
                }
                // Words inside another mention's name, or right before it, belong to it.
                // (`names` is in text order and does not overlap, so only two can qualify.)
                let inside = names.partition_point(|(_, _, r)| r.start <= hit.words.start);
                let covering = inside.checked_sub(1).filter(|&j| {
                    let other = &names[j].2;
                    other.start <= hit.words.start && hit.words.end <= other.end
                });
                let next = names.partition_point(|(_, _, r)| r.start < hit.words.end);
                let following = names
                    .get(next)
                    .filter(|(_, _, r)| r.start == hit.words.end)
                    .map(|_| next);
                let elsewhere = [covering, following]
                    .into_iter()
                    .flatten()
                    .any(|j| j != index);
                if elsewhere {
                    continue;
                }
                if dimension == Dimension::Condition
                    && !conditional(
                        tail(&self.text[..hit_bytes.start], 80),
                        article_conditions.contains(&value),
                    )
                {
                    continue;
                }
                let gap = if hit.words.end <= range.start {
                    range.start - hit.words.end
                } else {
                    hit.words.start.saturating_sub(range.end)
                };
                let d = dimension as usize;
                if gap < distance[d] {
                    distance[d] = gap;
                    found.set(dimension, value);
                }
            }
            // The phase patterns know "after the first week" from "in the first week", so
            // they win over single phase words.
            let around = Around {
                before: words.triggers_within(clause.start..bytes.start),
                after: words.triggers_within(bytes.end..clause.end),
            };
            let phase = if in_label {
                let triggers = words.triggers_within(0..self.text.len());
                phase_of(lexicon, self.text, bytes.start, triggers)
            } else {
                let triggers = around.before | words.triggers_within(bytes.clone()) | around.after;
                phase_of(lexicon, clause_text, at, triggers)
            };
            if let Some(phase) = phase {
                found.set(Dimension::Phase, phase);
            }
            variant.fill_from(&found);
            variant.fill_from(&self.around);
            // What the section's heading or lead-in says ("While the shin is sore, avoid:").
            variant.fill_from(&section.variant);

            // Stance: a clause cue, then the table row or column, then the section.
            let rest = clause_text[end..].trim_start();
            let is_test = rest
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("test") || w.eq_ignore_ascii_case("tests"));
            // A question asks; it does not advise ("Should you stop swimming while …?").
            let rest = &self.text[bytes.end..char_floor(self.text, bytes.end + CLAUSE_REACH)];
            let question = rest
                .find(['.', '!', '?'])
                .is_some_and(|end| rest[end..].starts_with('?'));
            let (stance, source) = if is_test
                || question
                || (around.before & triggers::HISTORY != 0
                    && HISTORY.local().is_match(&clause_text[..at]))
                || (words.triggers_of(range.end) & triggers::TECHNIQUE != 0
                    && TECHNIQUE.local().is_match(&self.text[bytes.end..]))
            {
                (Stance::Neutral, StanceSource::None)
            } else if let Some((stance, cue)) = stance::cue(clause_text, at, end, around) {
                let cue = Span::new(
                    self.offset + clause.start + cue.start,
                    self.offset + clause.start + cue.end,
                );
                (stance, StanceSource::Cue(cue))
            } else if let Some((stance, cue)) =
                description.as_ref().filter(|_| in_label).and_then(|d| {
                    described(&self.text[d.clone()], words.triggers_within(d.clone()))
                        .map(|(s, c)| (s, c.start + d.start..c.end + d.start))
                })
            {
                let cue = Span::new(self.offset + cue.start, self.offset + cue.end);
                (stance, StanceSource::Cue(cue))
            } else if self.prose && imperative(clause_text, at, end) {
                let span = Span::new(self.offset + bytes.start, self.offset + bytes.end);
                (Stance::Recommend, StanceSource::Cue(span))
            } else if let Some((stance, span)) = self.row {
                (stance, StanceSource::Table(span))
            } else {
                (section.stance, section.source)
            };
            out.push(Mention {
                exercise: *exercise,
                text: self.text[bytes.clone()].to_string(),
                span: Span::new(self.offset + bytes.start, self.offset + bytes.end),
                variant,
                stance,
                source,
            });
        }
    }
}

/// How two forms of one exercise compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Every dimension is the same (known and equal, or unknown on both sides).
    Same,
    /// Some dimension is known on both sides and differs: two different forms.
    Different,
    /// Nothing differs, but one side names a form the other leaves open.
    GenericAndSpecific,
}

/// Two forms compared. When each side names something the other leaves open ("bodyweight
/// squats" against "squats in the first week"), neither is the general one: they are treated
/// as different forms.
pub fn compare(a: &Variant, b: &Variant) -> Comparison {
    let (mut only_a, mut only_b) = (false, false);
    for d in Dimension::ALL {
        match (a.get(d), b.get(d)) {
            (Some(x), Some(y)) if x != y => return Comparison::Different,
            (Some(_), None) => only_a = true,
            (None, Some(_)) => only_b = true,
            _ => {}
        }
    }
    match (only_a, only_b) {
        (false, false) => Comparison::Same,
        (true, true) => Comparison::Different,
        _ => Comparison::GenericAndSpecific,
    }
}

/// An exercise both recommended and advised against in one article.
#[derive(Debug, Clone, Copy)]
pub struct Conflict {
    /// Indices into the article's mentions.
    pub recommend: usize,
    pub avoid: usize,
    /// `Same` (a contradiction) or `GenericAndSpecific` (a form left unnamed).
    pub comparison: Comparison,
}

/// At most one conflict per exercise: the first recommending mention (in text order) with the
/// first avoiding mention of the same form; failing that, the first generic/specific pair.
fn conflicts(mentions: &[Mention]) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for mention in mentions {
        if seen.contains(&mention.exercise) {
            continue;
        }
        seen.push(mention.exercise);
        let of = |stance: Stance| {
            mentions
                .iter()
                .enumerate()
                .filter(move |(_, m)| m.exercise == mention.exercise && m.stance == stance)
        };
        let find = |wanted: Comparison| {
            of(Stance::Recommend).find_map(|(r, recommended)| {
                of(Stance::Avoid)
                    .find(|(_, avoided)| compare(&recommended.variant, &avoided.variant) == wanted)
                    .map(|(a, _)| Conflict {
                        recommend: r,
                        avoid: a,
                        comparison: wanted,
                    })
            })
        };
        if let Some(conflict) =
            find(Comparison::Same).or_else(|| find(Comparison::GenericAndSpecific))
        {
            out.push(conflict);
        }
    }
    out
}

/// Exercise names among the hits, without those an exclude phrase covers, and without
/// overlaps: the longest name wins ("side-lying leg raise" over "leg raise").
fn select_names(hits: &[Hit]) -> Vec<(usize, Variant, Range<usize>)> {
    let excluded = |exercise: usize, words: &Range<usize>| {
        hits.iter().any(|h| {
            matches!(h.meaning, Meaning::Exclude { exercise: e } if e == exercise)
                && h.words.start < words.end
                && words.start < h.words.end
        })
    };
    let mut names: Vec<(usize, Variant, Range<usize>)> = hits
        .iter()
        .filter_map(|h| match h.meaning {
            Meaning::Name { exercise, implies } if !excluded(exercise, &h.words) => {
                Some((exercise, implies, h.words.clone()))
            }
            _ => None,
        })
        .collect();
    names.sort_by_key(|(_, _, r)| (std::cmp::Reverse(r.len()), r.start));
    let mut chosen: Vec<(usize, Variant, Range<usize>)> = Vec::new();
    for name in names {
        if chosen
            .iter()
            .all(|(_, _, r)| r.end <= name.2.start || name.2.end <= r.start)
        {
            chosen.push(name);
        }
    }
    chosen.sort_by_key(|(_, _, r)| r.start);
    chosen
}

/// The texts of the evaluation articles, for tests that hold a shortcut to the full search.
#[cfg(test)]
pub(crate) fn evaluation_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("evaluation")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                texts.push(text);
            }
        }
    }
    assert!(texts.len() > 50, "the evaluation articles are read");
    texts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::article::{Format, markdown, plaintext};
    use crate::source::SourceFile;
    use lexicon::Additions;

    const LEXICON: &str = r#"
version: 1
qualifiers:
  load:
    heavy: [heavy, weighted]
    light: [bodyweight]
  position:
    standing: [standing]
    lying: [lying, on your back]
  knee:
    straight: [straight leg, straight legs]
    bent: [bent knee, bent knees]
  laterality:
    single: [one leg, single leg]
    double: [both legs, double leg]
  speed:
    fast: [sudden, jerky]
    slow: [gentle, slow]
  phase:
    early: [first week]
    later: [week four]
conditions:
  - id: sciatica
    names: [sciatica]
  - id: spinal_stenosis
    names: [spinal stenosis, stenosis]
exercises:
  - id: squat
    name: squat
    region: knee
    names:
      - squat
      - {phrase: wall squat, implies: {load: light}}
    exclude: [squat down to]
  - id: leg_raise
    name: leg raise
    region: core
    names:
      - leg raise
      - leg lift
      - {phrase: double leg raise, implies: {laterality: double, knee: straight, position: lying}}
      - {phrase: double leg lift, implies: {laterality: double, knee: straight, position: lying}}
      - {phrase: bilateral straight leg raise, implies: {laterality: double, knee: straight, position: lying}}
      - {phrase: straight leg raise, implies: {laterality: single, knee: straight, position: lying}}
  - id: twist
    name: trunk twist
    region: back
    names: [twist, twisting]
  - id: walking
    name: walking
    region: aerobic
    names: [walking, walk]
    exclude: [walking stick]
  - id: plank
    name: plank
    region: core
    names: [plank]
"#;

    fn lexicon() -> Lexicon {
        Lexicon::compile(LEXICON, &Additions::default()).unwrap()
    }

    /// (matched words, stance, qualifiers) for every mention.
    fn mentions(text: &str, format: Format) -> Vec<(String, Stance, String)> {
        let source = SourceFile::new("t", text.to_string());
        let article = match format {
            Format::Markdown => markdown::parse(&source).unwrap(),
            Format::Text => plaintext::parse(&source),
        };
        let l = lexicon();
        analyse(&article, &l)
            .mentions
            .into_iter()
            .map(|m| {
                let qualifiers: Vec<String> = Dimension::ALL
                    .iter()
                    .filter_map(|d| {
                        m.variant
                            .get(*d)
                            .map(|v| format!("{}={}", d.name(), l.value_name(*d, v)))
                    })
                    .collect();
                (
                    text[m.span.range()].to_string(),
                    m.stance,
                    qualifiers.join(","),
                )
            })
            .collect()
    }

    fn m(words: &str, stance: Stance, q: &str) -> (String, Stance, String) {
        (words.to_string(), stance, q.to_string())
    }

    #[test]
    fn stance_from_sections_sentences_and_negation() {
        use Stance::*;
        let text = "# Back pain\n\n## Exercises that help\n\n- Wall squats\n- A daily walk\n\n## Exercises to avoid\n\n- Heavy squats\n- Sudden twisting\n\nDon't skip your daily walk, but avoid double leg lifts in the first week.\n\nYour physio may check a straight leg raise test.\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("Wall squats", Recommend, "load=light"),
                m("walk", Recommend, ""),
                m("squats", Avoid, "load=heavy"),
                m("twisting", Avoid, "speed=fast"),
                m("walk", Recommend, ""),
                m(
                    "double leg lifts",
                    Avoid,
                    "position=lying,knee=straight,laterality=double,phase=early"
                ),
                m(
                    "straight leg raise",
                    Neutral,
                    "position=lying,knee=straight,laterality=single"
                ),
            ]
        );
    }

    #[test]
    fn qualifiers_belong_to_the_nearest_mention_and_technique_is_not_exercise() {
        use Stance::*;
        let text = "# Knee\n\nTry bodyweight squats and a heavy plank on your back. Bend your knees and squat down to lift a box. Use a walking stick.\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("squats", Recommend, "load=light,position=lying"),
                m("plank", Recommend, "load=heavy,position=lying"),
            ]
        );
    }

    #[test]
    fn tables_take_stance_from_verdict_cells_and_headers() {
        use Stance::*;
        let text = "# Knee\n\n| Exercise | Verdict |\n|---|---|\n| Heavy squats | Avoid |\n| Planks | Recommended |\n\n| Do | Don't |\n|---|---|\n| Walking | Sudden twisting |\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("squats", Avoid, "load=heavy"),
                m("Planks", Recommend, ""),
                m("Walking", Recommend, ""),
                m("twisting", Avoid, "speed=fast"),
            ]
        );
    }

    #[test]
    fn phase_from_the_clause_and_from_a_lead_in() {
        use Stance::*;
        let text = "# Shin\n\n## What not to do\n\nWhile the shin is still sore, these keep it going:\n\n- Downhill walking\n\nAvoid walking in the first week, but walk daily after the first week. Most people return to walking soon.\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("walking", Avoid, "phase=early"),
                m("walking", Avoid, "phase=early"),
                m("walk", Recommend, "phase=later"),
                m("walking", Recommend, "phase=later"),
            ]
        );
    }

    #[test]
    fn questions_history_symptoms_and_technique_only_mention() {
        use Stance::*;
        let text = "# Back\n\n## Exercises that help\n\nShould you stop walking while the back is sore? If you used to plank every day, that is fine. Many people have to stop walking and sit down. Avoid twisting as you stand up. Skip squats for a week.\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("walking", Neutral, ""),
                m("plank", Neutral, ""),
                m("walking", Recommend, ""),
                m("twisting", Neutral, "position=standing"),
                m("squats", Avoid, "phase=early"),
            ]
        );
    }

    #[test]
    fn a_table_row_gives_its_stage_to_the_exercise() {
        use Stance::*;
        let text = "# Ankle\n\n| Stage | Exercise |\n|---|---|\n| First week | Walking |\n| From week four | Walking |\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("Walking", Neutral, "phase=early"),
                m("Walking", Neutral, "phase=later"),
            ]
        );
    }

    #[test]
    fn comments_are_not_advice() {
        use Stance::*;
        let text = "# Knee\n\n## Exercises that help\n\n- Squats <!-- editor: the NHS page says avoid squats --> ten a day\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [m("Squats", Recommend, "")]
        );
    }

    #[test]
    fn forms_compare_as_same_general_or_different() {
        let v = |pairs: &[(Dimension, ValueId)]| {
            let mut variant = Variant::default();
            for (d, value) in pairs {
                variant.set(*d, *value);
            }
            variant
        };
        let heavy = v(&[(Dimension::Load, 0)]);
        let light = v(&[(Dimension::Load, 1)]);
        let early = v(&[(Dimension::Phase, 0)]);
        assert_eq!(compare(&heavy, &heavy), Comparison::Same);
        assert_eq!(compare(&heavy, &light), Comparison::Different);
        assert_eq!(
            compare(&Variant::default(), &heavy),
            Comparison::GenericAndSpecific
        );
        // Each side names something the other does not: neither is the general one.
        assert_eq!(compare(&light, &early), Comparison::Different);
    }

    #[test]
    fn odd_text_around_exercise_names_never_panics() {
        // Fragments that have broken span arithmetic before: labels, punctuation between the
        // words of a name, curly quotes, emoji, letters whose lowercase is longer.
        const PIECES: &[&str] = &[
            "squats",
            "Squat",
            "knee-to-chest",
            "’",
            "“",
            "é",
            "🙂",
            "avoid",
            "don’t",
            "skip",
            "heavy",
            "wall",
            "lying",
            "on your back",
            "first week",
            "from week four",
            "if you have sciatica",
            ":",
            "-",
            "|",
            "**",
            "?",
            ".",
            ",",
            "twisting",
            "as you stand",
            "walking",
            "until your",
            "straight leg raise test",
            "used to",
            "so is",
            "too",
            "Label:",
            "—",
            "(",
            ")",
            "İ",
            "ﬁ",
            "\n- ",
            "\n- ********",
            "***",
            "::",
            "\n\n## Exercises to avoid\n\n",
            "\n| Do | Don't |\n|---|---|\n| ",
            "\u{a0}",
        ];
        let lexicon = lexicon();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let count = 5 + next() % 60;
            let body: Vec<&str> = (0..count)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let text = format!("# T\n\n## Exercises that help\n\n- {}\n", body.join(" "));
            let source = SourceFile::new("t.md", text.clone());
            let article = markdown::parse(&source).unwrap();
            let report = analyse(&article, &lexicon);
            for m in &report.mentions {
                assert!(text.get(m.span.range()).is_some(), "{text:?}");
            }
            let plain = SourceFile::new("t.txt", body.join(" "));
            analyse(&plaintext::parse(&plain), &lexicon);
        }
    }

    #[test]
    fn the_articles_own_condition_is_not_a_qualifier() {
        use Stance::*;
        let text = "# Exercises for sciatica\n\n## Exercises to avoid\n\n- Heavy squats can make sciatica worse.\n- Twisting if you have spinal stenosis.\n";
        assert_eq!(
            mentions(text, Format::Markdown),
            [
                m("squats", Avoid, "load=heavy"),
                m("Twisting", Avoid, "condition=spinal_stenosis"),
            ]
        );
    }
}
