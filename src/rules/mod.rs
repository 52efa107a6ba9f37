//! The rule registry: every rule's stable code, kebab-case name, default severity and
//! documentation (its doc comment, collected by [`declare_rule!`]). Codes are never reused.
//! Presence rules (title, references, access dates, avoid-list) are enforced by the schema;
//! their modules turn a schema failure into the rule's own message and help.

use crate::article::Article;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::SchemaFailure;

/// A rule as users see it in `rules`, `explain` and every report.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The rule's doc comment: what it does, why it matters, an example, how to fix it.
    pub doc: &'static str,
}

/// Declares a rule whose doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $id:ident = { code: $code:literal, name: $name:literal, severity: $severity:ident }
    ) => {
        $(#[doc = $doc])*
        pub static $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
        };
    };
}

pub mod missing_access_date;
pub mod missing_avoid_list;
pub mod missing_references;
pub mod missing_title;
pub mod schema_violation;
pub mod unreadable_article;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &schema_violation::SCHEMA_VIOLATION,
    &missing_title::MISSING_TITLE,
    &unreadable_article::UNREADABLE_ARTICLE,
    &missing_references::MISSING_REFERENCES,
    &missing_access_date::MISSING_ACCESS_DATE,
    &missing_avoid_list::MISSING_AVOID_LIST,
];

/// Finds a rule by code (`HL201`, any case) or name (`missing-access-date`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Turns a schema failure into the diagnostic of the rule that owns it (HL101 when none does).
pub fn schema_diagnostic(f: &SchemaFailure, article: &Article) -> Diagnostic {
    match f.rule.as_deref().and_then(lookup).map(|r| r.code) {
        Some("HL102") => missing_title::diagnostic(f, article.format),
        Some("HL104") => missing_references::diagnostic(f, article.format),
        Some("HL201") => missing_access_date::diagnostic(f, article.format),
        Some("HL301") => missing_avoid_list::diagnostic(f),
        _ => schema_violation::diagnostic(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_rule_has_documentation_and_a_kebab_name() {
        for rule in ALL {
            assert!(rule.doc.len() > 40, "{} has no documentation", rule.code);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
        }
    }

    #[test]
    fn lookup_accepts_codes_and_names() {
        assert_eq!(lookup("hl201").map(|r| r.name), Some("missing-access-date"));
        assert_eq!(lookup("missing-title").map(|r| r.code), Some("HL102"));
        assert!(lookup("HL999").is_none());
    }
}
