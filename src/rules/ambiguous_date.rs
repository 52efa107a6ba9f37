//! HL203 ambiguous-date: a numeric date whose day and month could swap.

use super::{Context, access_dates};
use crate::article::dates::DateReading;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Flags a numeric access date such as `05/07/2025` that reads as 5 July in most of the world
    /// and as May 7 in the United States. `19/07/2025` is not ambiguous (there is no month 19),
    /// nor is `07/07/2025`.
    ///
    /// ## Why is this bad?
    /// Two months apart is the difference between a current source and a stale one.
    ///
    /// ## Example
    /// ```text
    /// - Reference Date: 05/07/2025
    /// ```
    ///
    /// ## How to fix
    /// Write the date as `2025-07-05` (year, month, day), which nobody can misread. When a
    /// whole site writes its dates one way, say so once in `.healthlint.yaml` with
    /// `date_order: dmy` (day first) or `date_order: mdy` (month first).
    pub static AMBIGUOUS_DATE = { code: "HL203", name: "ambiguous-date", severity: Warning }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for date in access_dates(ctx) {
        let DateReading::Ambiguous {
            day_first,
            month_first,
        } = date.reading
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &AMBIGUOUS_DATE,
                format!(
                    "{} has an ambiguous access date: `{}` could be {} or {}",
                    date.describe,
                    date.text.value,
                    day_first.strftime("%-d %B %Y"),
                    month_first.strftime("%B %-d, %Y"),
                ),
            )
            .with_label(date.text.span, "day and month could be either way round")
            .with_help(format!(
                "write it as {day_first} or {month_first}, whichever you meant"
            )),
        );
    }
}
