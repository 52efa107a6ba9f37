//! HL302 contradictory-advice: the same exercise, in the same form, recommended and advised
//! against in one article.

use super::Context;
use crate::advice::Comparison;
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// ## What it does
    /// Finds an exercise that the article recommends in one place and advises against in
    /// another, in the same form. Exercises are recognised through the lexicon's names and
    /// synonyms across plurals and verb forms (`double leg lifts` = `bilateral straight-leg
    /// raises`); stance comes from the sentence ("avoid", "don't", "can make it worse", "try",
    /// "don't skip"), a table's verdict column, or the section heading (`Exercises to avoid`).
    /// Two mentions are different forms, and not a contradiction, when they differ in load
    /// (heavy vs wall squats), position (standing vs lying), knee (straight vs bent), one leg
    /// or both, speed (sudden vs gentle), range (deep vs mini), phase (first week vs from week
    /// four) or a named condition (stenosis vs a herniated disc).
    ///
    /// ## Why is this bad?
    /// A reader cannot follow both. Whichever they pick, the article has told them something
    /// unsafe or needlessly discouraged a helpful exercise.
    ///
    /// ## Example
    /// ```markdown
    /// ## Core exercises
    /// - Double leg lifts, 10 repetitions
    ///
    /// ## Exercises to avoid
    /// - Bilateral straight-leg raises: they load the lower back
    /// ```
    ///
    /// ## How to fix
    /// Keep one stance. If both are right for different readers, say what differs where each
    /// is mentioned: "single-leg raises with the other knee bent", "from week four".
    pub static CONTRADICTORY_ADVICE = { code: "HL302", name: "contradictory-advice", severity: Error }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lexicon = ctx.settings.lexicon();
    let lexicon = &*lexicon;
    let mentions = &ctx.advice.mentions;
    for conflict in &ctx.advice.conflicts {
        if conflict.comparison != Comparison::Same {
            continue;
        }
        let (r, a) = (&mentions[conflict.recommend], &mentions[conflict.avoid]);
        let name = &lexicon.exercises[r.exercise].name;
        let recommended = Label::new(r.span, format!("recommended here (“{}”)", r.text));
        let avoided = Label::new(a.span, format!("advised against here (“{}”)", a.text));
        // The later mention is where the article contradicts itself.
        let labels = if a.span.start > r.span.start {
            vec![avoided, recommended]
        } else {
            vec![recommended, avoided]
        };
        let mut diagnostic = Diagnostic::new(
            &CONTRADICTORY_ADVICE,
            format!("{name}: the article recommends it and advises against it"),
        )
        .with_help(format!(
            "keep one stance on {name}, or say in both places which form is meant (one leg or both, bent or straight knee, how heavy, which week)"
        ));
        diagnostic.labels = labels;
        out.push(diagnostic);
    }
}
