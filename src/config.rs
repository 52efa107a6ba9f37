//! Resolved settings for one run. Commands build a [`Settings`] from the command line; engine
//! modules read only this, never flags or the environment, so that every result is reproducible
//! (`--today` pins the date that date checks measure from).

use crate::article::dates::DateOrder;
use crate::diagnostic::Severity;
use jiff::civil::Date;
use std::path::PathBuf;

/// The lowest severity that makes the run fail (exit 1); `None` never fails on findings.
pub type FailOn = Option<Severity>;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The date future and stale checks measure from.
    pub today: Date,
    pub fail_on: FailOn,
    /// How to read numeric dates whose day and month could swap; `None` reports them ambiguous.
    pub date_order: Option<DateOrder>,
    /// References accessed longer ago than this many months are stale.
    pub max_reference_age_months: u32,
    /// A schema file replacing the built-in one.
    pub schema: Option<PathBuf>,
    /// The name and format of standard input when a path is `-`.
    pub stdin_filename: Option<String>,
}

impl Settings {
    /// Settings with the given date and everything else at its default.
    pub fn new(today: Date) -> Self {
        Self {
            today,
            fail_on: Some(Severity::Error),
            date_order: None,
            max_reference_age_months: 24,
            schema: None,
            stdin_filename: None,
        }
    }

    /// Whether these findings fail the run.
    pub fn fails(&self, worst: Option<Severity>) -> bool {
        matches!((self.fail_on, worst), (Some(threshold), Some(worst)) if worst >= threshold)
    }
}
