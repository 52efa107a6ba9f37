//! HL204 future-date: an access date after today.

use super::{Context, access_dates};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Flags an access date after today (`--today`, or the system date). A date of exactly today
    /// is fine.
    ///
    /// ## Why is this bad?
    /// Nobody opened the page in the future: the date is a typo (often a swapped day and month,
    /// or the wrong year) and the real access date is unknown.
    ///
    /// ## Example
    /// ```yaml
    /// accessed: 2052-07-19
    /// ```
    ///
    /// ## How to fix
    /// Write the date you actually opened the page.
    pub static FUTURE_DATE = { code: "HL204", name: "future-date", severity: Error }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let today = ctx.settings.today;
    for date in access_dates(ctx) {
        let Some((first_day, _)) = date.days() else {
            continue;
        };
        if first_day > today {
            out.push(
                Diagnostic::new(
                    &FUTURE_DATE,
                    format!("{} was accessed on {first_day}, which is after today ({today})", date.describe),
                )
                .with_label(date.text.span, "in the future")
                .with_help("write the date you opened the page; a swapped day and month or a wrong year is the usual cause"),
            );
        }
    }
}
