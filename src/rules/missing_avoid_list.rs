//! HL301 missing-avoid-list: exercises are recommended but nothing is advised against.

use crate::diagnostic::Diagnostic;
use crate::schema::SchemaFailure;

declare_rule! {
    /// ## What it does
    /// When an article recommends exercises or activities, checks that it also says what to
    /// avoid: a section such as `Exercises to avoid`, `What not to do` or `Activities that can
    /// make it worse`, or a sentence that advises against something ("Steer clear of sit-ups
    /// while the nerve is irritated.", "Heavy lifting can make it worse."). "Don't skip your
    /// daily walk" recommends walking and does not count.
    ///
    /// ## Why is this bad?
    /// Describing the risks of a treatment is part of every quality standard for health
    /// information (DISCERN question 11). A reader with an irritated nerve or a fresh sprain needs
    /// to know which movements can make it worse.
    ///
    /// ## Example
    /// A `## Exercises that help` section with six stretches and no word on what to skip.
    ///
    /// ## How to fix
    /// Add a section such as `Exercises to avoid` listing the movements that can aggravate the
    /// condition, and why.
    pub static MISSING_AVOID_LIST = { code: "HL301", name: "missing-avoid-list", severity: Error }
}

pub fn diagnostic(f: &SchemaFailure) -> Diagnostic {
    Diagnostic::new(&MISSING_AVOID_LIST, "the article recommends exercises but says nothing about what to avoid")
        .with_label(f.span, "exercises are recommended here")
        .with_help("add a section such as `Exercises to avoid` listing movements that can make the condition worse")
}
