//! HL207 duplicate-reference: the same URL cited twice.

use super::{Context, describe_reference};
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags a reference whose URL is the same as an earlier reference's, after normalising the
    /// case of the scheme and host, a trailing slash and the `#fragment`.
    ///
    /// ## Why is this bad?
    /// A duplicate makes the list look longer than the evidence is, and usually means a different
    /// source was meant.
    ///
    /// ## Example
    /// ```text
    /// 1. Neck pain  - Link: https://www.nhs.uk/conditions/neck-pain/
    /// 3. Neck pain (NHS)  - Link: https://WWW.NHS.UK/conditions/neck-pain
    /// ```
    ///
    /// ## How to fix
    /// Remove the duplicate, or replace it with the source you meant to cite.
    pub static DUPLICATE_REFERENCE = { code: "HL207", name: "duplicate-reference", severity: Warning }
}

/// The URL compared for duplicates: lower-case scheme and host, no fragment, no trailing slash.
pub fn normalise(raw: &str) -> String {
    match url::Url::parse(raw.trim()) {
        Ok(mut url) => {
            url.set_fragment(None);
            let text = url.to_string();
            text.strip_suffix('/').map_or(text.clone(), str::to_string)
        }
        Err(_) => raw.trim().trim_end_matches('/').to_string(),
    }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, reference) in ctx.article.references.iter().enumerate() {
        let Some(url) = &reference.url else { continue };
        let key = normalise(&url.value);
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&earlier) => {
                let earlier_ref = &ctx.article.references[earlier];
                let earlier_span = earlier_ref
                    .url
                    .as_ref()
                    .map_or(earlier_ref.span, |u| u.span);
                out.push(
                    Diagnostic::new(
                        &DUPLICATE_REFERENCE,
                        format!(
                            "{} cites the same page as reference {}",
                            describe_reference(i, reference),
                            earlier + 1
                        ),
                    )
                    .with_label(url.span, "cited again here")
                    .with_label(earlier_span, "first cited here")
                    .with_help(
                        "remove the duplicate, or replace it with the source you meant to cite",
                    ),
                );
            }
        }
    }
}
