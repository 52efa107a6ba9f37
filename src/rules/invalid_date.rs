//! HL202 invalid-date: an access date that cannot be a date.

use super::{Context, access_dates};
use crate::article::dates::DateReading;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Checks that every access date names a day that exists: not `31/02/2025`, not
    /// `2025-13-04`, not `mid-2025`, and not just a month (`July 2025`).
    ///
    /// ## Why is this bad?
    /// A date that cannot be read tells nobody when the source was checked, and a typo in a date
    /// often hides a typo in the reference itself.
    ///
    /// ## Example
    /// ```text
    /// - Reference Date: 31/02/2025
    /// ```
    ///
    /// ## How to fix
    /// Write the date you opened the page, as `2025-07-19`.
    pub static INVALID_DATE = { code: "HL202", name: "invalid-date", severity: Error }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for date in access_dates(ctx) {
        let why = match &date.reading {
            DateReading::Invalid(reason) => reason.clone(),
            DateReading::Month { .. } => {
                format!(
                    "`{}` names a month, not the day the page was opened",
                    date.text.value
                )
            }
            _ => continue,
        };
        out.push(
            Diagnostic::new(
                &INVALID_DATE,
                format!(
                    "{} has an access date that is not a date: {why}",
                    date.describe
                ),
            )
            .with_label(date.text.span, "not a date")
            .with_help("write the date you opened the page, as 2025-07-19"),
        );
    }
}
