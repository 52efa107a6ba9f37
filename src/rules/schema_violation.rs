//! HL101 schema-violation: any schema failure that no more specific rule owns.

use crate::article::dates::{self, DateReading};
use crate::diagnostic::Diagnostic;
use crate::schema::SchemaFailure;

declare_rule! {
    /// ## What it does
    /// Reports a way the article document breaks the article schema that no more specific rule
    /// covers: a value of the wrong type, a date that is not in `2025-07-19` form, a property
    /// the schema requires that healthlint has no dedicated rule for.
    ///
    /// ## Why is this bad?
    /// The schema is the publisher's contract for every article. `healthlint dump FILE` shows the
    /// document the schema sees; `--schema FILE` or the config file replaces the built-in one.
    ///
    /// ## Example
    /// ```yaml
    /// references:
    ///   - title: Knee pain
    ///     accessed: 2025-07-19   # no url
    /// ```
    ///
    /// ## How to fix
    /// Give the value the schema asks for; the help line names the schema keyword that failed.
    pub static SCHEMA_VIOLATION = { code: "HL101", name: "schema-violation", severity: Error }
}

/// The generic diagnostic for a schema failure.
pub fn diagnostic(f: &SchemaFailure) -> Diagnostic {
    let (message, label) = match (f.keyword.as_str(), &f.missing) {
        ("required", Some(name)) => (
            format!("{} has no `{name}`", describe(f)),
            format!("`{name}` is missing here"),
        ),
        ("format", _) => format_message(f),
        _ => (
            format!("{}: {}", describe(f), f.message),
            "does not match the schema".to_string(),
        ),
    };
    let help = match (f.keyword.as_str(), f.missing.as_deref()) {
        ("required", Some("url")) => {
            "add the address of the page you cited, as `https://…`".to_string()
        }
        ("format", _) if f.message.ends_with("is not a \"date\"") => {
            "write the date as 2025-07-19".to_string()
        }
        _ => format!(
            "the article schema requires this (keyword `{}`); `healthlint dump` shows what it checks",
            if f.keyword_pointer.is_empty() {
                "/"
            } else {
                &f.keyword_pointer
            }
        ),
    };
    Diagnostic::new(&SCHEMA_VIOLATION, message)
        .with_label(f.span, label)
        .with_help(help)
}

/// "reference 2 (“Knee pain”)", "the article", "`/published`".
pub fn describe(f: &SchemaFailure) -> String {
    let segments: Vec<&str> = f.instance_pointer.split('/').skip(1).collect();
    match segments.as_slice() {
        [] => "the article".to_string(),
        ["references", index] => super::reference_name(
            index.parse().unwrap_or_default(),
            f.instance.get("title").and_then(|t| t.as_str()),
        ),
        _ => format!("`{}`", f.instance_pointer),
    }
}

/// A `format` failure in words: for dates, what is wrong with the date.
fn format_message(f: &SchemaFailure) -> (String, String) {
    let field = f.instance_pointer.rsplit('/').next().unwrap_or_default();
    let value = f.instance.as_str().unwrap_or_default();
    if f.message.ends_with("is not a \"date\"") {
        return match dates::read(value, None) {
            DateReading::Invalid(reason) => (
                format!("`{field}` is not a valid date: {reason}"),
                "not a real date".into(),
            ),
            _ => (
                format!("`{field}` is not a valid date: `{value}` is not written as YYYY-MM-DD"),
                "not written as YYYY-MM-DD".into(),
            ),
        };
    }
    (
        format!("`{field}` does not match the schema: {}", f.message),
        "does not match the schema".to_string(),
    )
}
