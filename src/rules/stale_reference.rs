//! HL205 stale-reference: an access date older than the maximum age.

use super::{Context, access_dates};
use crate::diagnostic::Diagnostic;
use jiff::ToSpan;

declare_rule! {
    /// ## What it does
    /// Flags a reference last accessed longer ago than `max_reference_age_months` (default 24)
    /// before today.
    ///
    /// ## Why is this bad?
    /// Health guidance changes and web pages move: studies of medical journals find about one web
    /// reference in eight dead after two years. An old access date means nobody has checked that
    /// the source still says what the article claims.
    ///
    /// ## Example
    /// ```yaml
    /// accessed: 2021-03-02
    /// ```
    ///
    /// ## How to fix
    /// Open the source again, check it still supports the text, and update the date.
    pub static STALE_REFERENCE = { code: "HL205", name: "stale-reference", severity: Warning }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let months = ctx.settings.max_reference_age_months;
    let Ok(cutoff) = ctx.settings.today.checked_sub(i64::from(months).months()) else {
        return;
    };
    for date in access_dates(ctx) {
        let Some((_, last_day)) = date.days() else {
            continue;
        };
        if last_day < cutoff {
            out.push(
                Diagnostic::new(
                    &STALE_REFERENCE,
                    format!(
                        "{} was last accessed on {last_day}, more than {months} months before {}",
                        date.describe, ctx.settings.today
                    ),
                )
                .with_label(date.text.span, "accessed too long ago")
                .with_help("open the source again, check it still supports the article, and update the date"),
            );
        }
    }
}
