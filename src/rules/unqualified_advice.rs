//! HL303 unqualified-advice: an exercise recommended (or advised against) in general while a
//! particular form of it gets the opposite advice.

use super::Context;
use crate::advice::Comparison;
use crate::advice::lexicon::{Dimension, Lexicon, Variant};
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// ## What it does
    /// Finds an exercise named in general on one side and in a particular form on the other:
    /// "hamstring stretches" recommended while "standing toe touches" (a standing,
    /// straight-knee hamstring stretch) are advised against, or "squats" recommended while
    /// "heavy squats" are to be avoided. This is not a contradiction; it is a hint that the
    /// general mention should name the safe form.
    ///
    /// ## Why is this bad?
    /// A reader told to do "hamstring stretches" may well pick the toe touch the article warns
    /// against elsewhere. Naming the form removes the doubt.
    ///
    /// ## Example
    /// ```text
    /// - Stretching: hamstring stretches twice a day.
    /// Exercises to avoid
    /// - Toe touches with straight legs.
    /// ```
    ///
    /// ## How to fix
    /// Name the form where the exercise is mentioned in general: "hamstring stretches lying on
    /// your back with a towel", "bodyweight squats to a chair".
    pub static UNQUALIFIED_ADVICE = { code: "HL303", name: "unqualified-advice", severity: Info }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lexicon = ctx.settings.lexicon();
    let lexicon = &*lexicon;
    let mentions = &ctx.advice.mentions;
    for conflict in &ctx.advice.conflicts {
        if conflict.comparison != Comparison::GenericAndSpecific {
            continue;
        }
        let (r, a) = (&mentions[conflict.recommend], &mentions[conflict.avoid]);
        let name = &lexicon.exercises[r.exercise].name;
        // The general side is the one that leaves open what the other names.
        let (general, specific, general_is_recommend) = if names_more(&a.variant, &r.variant) {
            (r, a, true)
        } else {
            (a, r, false)
        };
        let form = describe(lexicon, &specific.variant, &general.variant);
        let (message, general_label, specific_label, help) = if general_is_recommend {
            (
                format!("{name}: recommended in general, but advised against {form}"),
                "recommended without saying which form",
                "advised against in this form",
                format!(
                    "where {name} is recommended, name the safe form{}",
                    alternatives(lexicon, &specific.variant, &general.variant)
                ),
            )
        } else {
            (
                format!("{name}: advised against in general, but recommended {form}"),
                "advised against without saying which form",
                "recommended in this form",
                format!(
                    "where {name} is advised against, name the form to avoid{}, so readers keep the one recommended",
                    alternatives(lexicon, &specific.variant, &general.variant)
                ),
            )
        };
        let mut labels = vec![
            Label::new(
                general.span,
                format!("{general_label} (“{}”)", general.text),
            ),
            Label::new(
                specific.span,
                format!("{specific_label} (“{}”)", specific.text),
            ),
        ];
        labels.sort_by_key(|l| std::cmp::Reverse(l.span.start));
        let mut diagnostic = Diagnostic::new(&UNQUALIFIED_ADVICE, message).with_help(help);
        diagnostic.labels = labels;
        out.push(diagnostic);
    }
}

/// Whether `a` pins a dimension that `b` leaves open.
fn names_more(a: &Variant, b: &Variant) -> bool {
    Dimension::ALL
        .iter()
        .any(|d| a.get(*d).is_some() && b.get(*d).is_none())
}

fn value(lexicon: &Lexicon, d: Dimension, v: u16) -> String {
    let name = lexicon.value_name(d, v);
    match (d, name) {
        (Dimension::Knee, knee) => format!("with the knee {knee}"),
        (Dimension::Laterality, "single") => "on one leg".into(),
        (Dimension::Laterality, "double") => "with both legs".into(),
        (Dimension::Phase, "early") => "early on".into(),
        (Dimension::Phase, "later") => "later in recovery".into(),
        (Dimension::Range, range) => format!("through a {range} range"),
        (Dimension::Position, position) => position.to_string(),
        (Dimension::Load, "heavy") => "with a heavy load".into(),
        (Dimension::Load, "light") => "with a light load".into(),
        (Dimension::Speed, "fast") => "done fast".into(),
        (Dimension::Speed, "slow") => "done slowly".into(),
        (Dimension::Condition, condition) => format!("with {}", condition.replace('_', " ")),
        (_, other) => other.replace('_', " "),
    }
}

/// "heavy, standing": the values `specific` names that `general` leaves open.
fn describe(lexicon: &Lexicon, specific: &Variant, general: &Variant) -> String {
    let parts: Vec<String> = Dimension::ALL
        .iter()
        .filter(|d| general.get(**d).is_none())
        .filter_map(|d| specific.get(*d).map(|v| value(lexicon, *d, v)))
        .collect();
    parts.join(", ")
}

/// " (for example light)": the other values of the dimensions the specific side names.
fn alternatives(lexicon: &Lexicon, specific: &Variant, general: &Variant) -> String {
    let options: Vec<String> = Dimension::ALL
        .iter()
        .filter(|d| general.get(**d).is_none() && **d != Dimension::Condition)
        .filter_map(|d| {
            let named = specific.get(*d)?;
            let others: Vec<String> = (0..lexicon.values(*d).len() as u16)
                .filter(|v| *v != named)
                .map(|v| value(lexicon, *d, v))
                .collect();
            (!others.is_empty()).then(|| others.join(" or "))
        })
        .collect();
    if options.is_empty() {
        String::new()
    } else {
        format!(" (for example: {})", options.join("; "))
    }
}
