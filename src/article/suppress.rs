//! Inline suppression comments in Markdown, read from the HTML comments the Markdown parser
//! found (so a directive inside a code block is text, not a directive):
//!
//! - `<!-- healthlint-disable [RULES] -->` … `<!-- healthlint-enable [RULES] -->`: a region;
//!   without an `enable`, to the end of the file;
//! - `<!-- healthlint-disable-next-line [RULES] -->`: the next line that is not blank;
//! - `<!-- healthlint-disable-line [RULES] -->`: the line(s) the comment is on;
//! - `<!-- healthlint-disable-file [RULES] -->`: the whole file, wherever it is written.
//!
//! RULES are codes or names separated by spaces or commas; none means every rule. Text after
//! ` -- ` is a reason and is ignored. A comment that starts with `healthlint` but is not one of
//! these, or that names an unknown rule, is a [`DirectiveProblem`] (reported as HL105). Plain
//! text has no comments, so plain-text articles have no directives.

use crate::rules::{self, Rule};
use crate::source::{SourceFile, Span};
use std::collections::HashSet;

/// The directives of one article, ready to answer "is this finding suppressed?".
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    /// Directives that could not be understood, in text order.
    pub problems: Vec<DirectiveProblem>,
}

/// A comment that looks like a directive but is not a valid one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveProblem {
    pub span: Span,
    pub message: String,
    /// What the directive still does: nothing, or (for an unknown rule among known ones) the
    /// rest of its work.
    pub label: &'static str,
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    DisableNextLine,
    DisableLine,
    DisableFile,
}

impl Kind {
    const ALL: [(&'static str, Kind); 5] = [
        ("healthlint-disable-next-line", Kind::DisableNextLine),
        ("healthlint-disable-line", Kind::DisableLine),
        ("healthlint-disable-file", Kind::DisableFile),
        ("healthlint-disable", Kind::Disable),
        ("healthlint-enable", Kind::Enable),
    ];
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    /// `None` means every rule.
    rules: Option<Vec<&'static str>>,
    /// The first and last line (1-based) the directive applies to; for regions, the line the
    /// comment starts on.
    lines: (usize, usize),
}

impl Directive {
    fn names(&self, rule: &Rule) -> bool {
        self.rules
            .as_ref()
            .is_none_or(|codes| codes.contains(&rule.code))
    }
}

impl Suppressions {
    /// Reads the directives among `comments`, the spans of the article's HTML comments
    /// (`<!-- … -->`, delimiters included), in text order.
    pub fn read(source: &SourceFile, comments: &[Span]) -> Suppressions {
        let mut suppressions = Suppressions::default();
        for &span in comments {
            let text = source.slice(span);
            let Some(body) = text
                .strip_prefix("<!--")
                .and_then(|t| t.strip_suffix("-->"))
            else {
                continue;
            };
            let body = body.trim();
            if !body
                .get(..10)
                .is_some_and(|p| p.eq_ignore_ascii_case("healthlint"))
            {
                continue;
            }
            match parse(body) {
                Ok((kind, names)) => {
                    let (rules, unknown) = resolve(&names);
                    for name in unknown {
                        suppressions.problems.push(DirectiveProblem {
                            span,
                            message: format!("`{name}` in this directive is not a healthlint rule"),
                            label: if rules.as_ref().is_some_and(|r| !r.is_empty()) {
                                "ignored; the other rules named here are still suppressed"
                            } else {
                                "this directive suppresses nothing"
                            },
                            help: rules::did_you_mean(name),
                        });
                    }
                    let first = source.position(span.start).line;
                    let last = source.position(span.end.saturating_sub(1)).line;
                    let lines = match kind {
                        Kind::DisableNextLine => match next_content_line(source, span.end) {
                            Some(line) => (line, line),
                            None => {
                                suppressions.problems.push(DirectiveProblem {
                                    span,
                                    message: "`healthlint-disable-next-line` has no line after it"
                                        .into(),
                                    label: "this directive suppresses nothing",
                                    help: "put the comment just above the line it is about".into(),
                                });
                                continue;
                            }
                        },
                        Kind::DisableLine => (first, last),
                        _ => (first, first),
                    };
                    // A directive whose rules were all unknown suppresses nothing.
                    if rules.as_ref().is_some_and(Vec::is_empty) {
                        continue;
                    }
                    suppressions
                        .directives
                        .push(Directive { kind, rules, lines });
                }
                Err(word) => suppressions.problems.push(DirectiveProblem {
                    span,
                    message: format!("`{word}` is not a healthlint directive"),
                    label: "this directive suppresses nothing",
                    help: closest_directive(word),
                }),
            }
        }
        suppressions
    }

    /// Whether a finding of `rule` starting on `line` (`None`: about the whole file) is
    /// suppressed. Whole-file findings are suppressed only by `healthlint-disable-file`.
    pub fn suppresses(&self, rule: &Rule, line: Option<usize>) -> bool {
        if self
            .directives
            .iter()
            .any(|d| d.kind == Kind::DisableFile && d.names(rule))
        {
            return true;
        }
        let Some(line) = line else { return false };
        let single = self.directives.iter().any(|d| {
            matches!(d.kind, Kind::DisableNextLine | Kind::DisableLine)
                && d.lines.0 <= line
                && line <= d.lines.1
                && d.names(rule)
        });
        single || self.region_disables(rule, line)
    }

    /// Replays the region directives up to `line`. While everything is disabled, `listed`
    /// holds the rules enabled again; otherwise it holds the rules disabled.
    fn region_disables(&self, rule: &Rule, line: usize) -> bool {
        let mut everything = false;
        let mut listed: HashSet<&str> = HashSet::new();
        let regions = self
            .directives
            .iter()
            .filter(|d| matches!(d.kind, Kind::Disable | Kind::Enable) && d.lines.0 <= line);
        for directive in regions {
            let disable = directive.kind == Kind::Disable;
            match &directive.rules {
                None => {
                    everything = disable;
                    listed.clear();
                }
                Some(codes) => {
                    for code in codes {
                        // Disabling adds to the disabled set, or removes an exception.
                        if disable != everything {
                            listed.insert(code);
                        } else {
                            listed.remove(code);
                        }
                    }
                }
            }
        }
        everything != listed.contains(rule.code)
    }
}

/// `healthlint-disable HL201, HL205 -- reason` → the kind and the rule names; `Err` with the
/// directive word when it is not one.
fn parse(body: &str) -> Result<(Kind, Vec<&str>), &str> {
    let body = body.split(" -- ").next().unwrap_or(body).trim();
    let (word, rest) = body
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((body, ""));
    let kind = Kind::ALL
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, kind)| *kind)
        .ok_or(word)?;
    let names = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|n| !n.is_empty())
        .collect();
    Ok((kind, names))
}

/// "did you mean `healthlint-disable`?", or the list of directives when none is close.
fn closest_directive(word: &str) -> String {
    let word = word.to_ascii_lowercase();
    Kind::ALL
        .iter()
        .map(|(name, _)| (strsim::damerau_levenshtein(&word, name), *name))
        .filter(|(distance, _)| *distance <= 3)
        .min()
        .map_or_else(
            || {
                "the directives are healthlint-disable, -enable, -disable-next-line, -disable-line and -disable-file".to_string()
            },
            |(_, name)| format!("did you mean `{name}`?"),
        )
}

/// Rule names → codes (`None` for none named, meaning every rule) and the names that are not
/// rules.
fn resolve<'a>(names: &[&'a str]) -> (Option<Vec<&'static str>>, Vec<&'a str>) {
    if names.is_empty() {
        return (None, Vec::new());
    }
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match rules::lookup(name) {
            Some(rule) => codes.push(rule.code),
            None => unknown.push(*name),
        }
    }
    (Some(codes), unknown)
}

/// The first line after `offset`'s line that holds more than whitespace.
fn next_content_line(source: &SourceFile, offset: usize) -> Option<usize> {
    let rest = source.text.get(offset..)?;
    let after_line = rest.find('\n')? + 1;
    let mut at = offset + after_line;
    for line in source.text[at..].split_inclusive('\n') {
        if !line.trim().is_empty() {
            return Some(source.position(at).line);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::rules::{
        future_date::FUTURE_DATE, missing_access_date::MISSING_ACCESS_DATE,
        stale_reference::STALE_REFERENCE,
    };

    fn read(text: &str) -> (SourceFile, Suppressions) {
        let source = SourceFile::new("t.md", text.to_string());
        let comments: Vec<Span> = crate::built_in_regex(r"(?s)<!--.*?-->")
            .find_iter(text)
            .map(|m| Span::new(m.start(), m.end()))
            .collect();
        let suppressions = Suppressions::read(&source, &comments);
        (source, suppressions)
    }

    /// The lines 1..=n on which `rule` is suppressed.
    fn suppressed_lines(s: &Suppressions, rule: &Rule, n: usize) -> Vec<usize> {
        (1..=n).filter(|&l| s.suppresses(rule, Some(l))).collect()
    }

    #[test]
    fn a_region_runs_from_disable_to_enable() {
        let (_, s) = read(
            "a\n<!-- healthlint-disable HL201 -->\nb\nc\n<!-- healthlint-enable HL201 -->\nd\n",
        );
        assert_eq!(suppressed_lines(&s, &MISSING_ACCESS_DATE, 6), [2, 3, 4]);
        assert!(suppressed_lines(&s, &FUTURE_DATE, 6).is_empty());
        assert!(s.problems.is_empty());
    }

    #[test]
    fn disable_everything_with_an_exception_and_no_enable() {
        let (_, s) =
            read("a\n<!-- healthlint-disable -->\nb\n<!-- healthlint-enable future-date -->\nc\n");
        assert_eq!(suppressed_lines(&s, &MISSING_ACCESS_DATE, 5), [2, 3, 4, 5]);
        assert_eq!(suppressed_lines(&s, &FUTURE_DATE, 5), [2, 3]);
        // An unspanned finding is about the whole file; only disable-file reaches it.
        assert!(!s.suppresses(&MISSING_ACCESS_DATE, None));
    }

    #[test]
    fn next_line_skips_blank_lines_and_line_covers_its_own() {
        let (_, s) = read(
            "<!-- healthlint-disable-next-line HL201, stale-reference -- checked by hand -->\n\n- item <!-- healthlint-disable-line HL204 -->\nz\n",
        );
        assert_eq!(suppressed_lines(&s, &MISSING_ACCESS_DATE, 4), [3]);
        assert_eq!(suppressed_lines(&s, &STALE_REFERENCE, 4), [3]);
        assert_eq!(suppressed_lines(&s, &FUTURE_DATE, 4), [3]);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn disable_file_reaches_whole_file_findings() {
        let (_, s) = read("x\n\n<!-- healthlint-disable-file HL205 -->\n");
        assert!(s.suppresses(&STALE_REFERENCE, None));
        assert!(s.suppresses(&STALE_REFERENCE, Some(1)));
        assert!(!s.suppresses(&FUTURE_DATE, Some(1)));
    }

    #[test]
    fn malformed_directives_are_problems_and_ordinary_comments_are_not() {
        let (_, s) = read(
            "<!-- a note for editors -->\n<!-- healthlint-disabel HL201 -->\n<!-- healthlint-disable HL999 HL201 -->\nx\n<!-- healthlint-disable-next-line -->\n",
        );
        let messages: Vec<_> = s.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`healthlint-disabel` is not a healthlint directive",
                "`HL999` in this directive is not a healthlint rule",
                "`healthlint-disable-next-line` has no line after it",
            ]
        );
        // The known rule in the half-valid directive still applies.
        assert_eq!(suppressed_lines(&s, &MISSING_ACCESS_DATE, 4), [3, 4]);
    }
}
