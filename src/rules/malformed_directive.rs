//! HL105 malformed-directive: a `healthlint-…` comment that is not a valid suppression directive.

use super::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports an HTML comment in a Markdown article that starts with `healthlint` but is not
    /// one of the suppression directives (`healthlint-disable`, `healthlint-enable`,
    /// `healthlint-disable-next-line`, `healthlint-disable-line`, `healthlint-disable-file`),
    /// names a rule that does not exist, or is a `disable-next-line` with no line after it.
    ///
    /// ## Why is this bad?
    /// A misspelt directive suppresses nothing, so the finding it was meant to silence keeps
    /// coming back, and whoever reads the article later cannot tell what was intended.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- healthlint-disabel HL205 -->
    /// <!-- healthlint-disable HL2O5 -->
    /// ```
    ///
    /// ## How to fix
    /// Spell the directive as listed above and name rules by code (`HL205`) or name
    /// (`stale-reference`); `healthlint rules` lists them.
    pub static MALFORMED_DIRECTIVE = { code: "HL105", name: "malformed-directive", severity: Warning }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for problem in &ctx.article.suppressions.problems {
        out.push(
            Diagnostic::new(&MALFORMED_DIRECTIVE, problem.message.clone())
                .with_label(problem.span, problem.label)
                .with_help(problem.help.clone()),
        );
    }
}
