//! healthlint keeps health articles honest.
//!
//! paths → walk (`.gitignore`-aware) → files; each file → parse (Markdown | plain text) → an
//! [`article::Article`] with spans → projection → the article document and its pointer → span map;
//! the document → JSON Schema validation → diagnostics; diagnostics → a reporter → output and an
//! exit code. Parsing, projection and validation run in parallel across files.

pub mod advice;
pub mod article;
pub mod cli;
mod commands;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod links;
mod pattern;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod walk;

/// Compiles one of healthlint's own patterns. They are constants checked by the tests, so a
/// failure here is a bug in healthlint, never something input can cause.
pub(crate) fn built_in_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| unreachable!("built-in pattern: {e}"))
}

/// Compiles one of healthlint's prose patterns with ASCII word boundaries and word characters.
/// Unicode `\b` stops the regex crate's fast DFA at the first curly quote in a sentence, and
/// Unicode `\w` makes every `(?:\w+\s+){0,2}` a large automaton; the cue words these
/// patterns look for are English, so ASCII is enough.
pub(crate) fn prose_regex(pattern: &str) -> regex::Regex {
    let ascii = pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", "[0-9A-Za-z_]")
        .replace(r"\W", "[^0-9A-Za-z_]");
    built_in_regex(&ascii)
}

/// Runs a parsed command line; returns the exit code (0 clean, 1 findings, 2 tool error).
pub fn run(cli: cli::Cli) -> i32 {
    commands::run(cli)
}
