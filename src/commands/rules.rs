//! `healthlint rules` (the catalogue, or `--markdown` for docs/rules.md) and
//! `healthlint explain CODE|NAME` (one rule's documentation).

use super::SUCCESS;
use crate::rules;
use std::io::Write;

pub fn list(markdown: bool) -> Result<i32, String> {
    let text = if markdown {
        rules::markdown_catalogue()
    } else {
        let mut text = String::new();
        for rule in rules::ALL {
            text.push_str(&format!(
                "{}  {:<28} {:<8} {}\n",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.summary()
            ));
        }
        text
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(SUCCESS)
}

pub fn explain(code_or_name: &str) -> Result<i32, String> {
    let rule = rules::lookup(code_or_name).ok_or_else(|| {
        format!(
            "there is no rule `{code_or_name}`; {}",
            rules::did_you_mean(code_or_name)
        )
    })?;
    let text = format!(
        "{} {} (default severity: {})\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.documentation()
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(SUCCESS)
}
