//! HL304 cross-article-contradiction: two articles on the same condition give opposite advice
//! on the same exercise in the same form. Runs once over all articles of a run.

use crate::advice::lexicon::{Dimension, Lexicon, ValueId, Variant};
use crate::advice::{AdviceReport, Mention, stance::Stance};
use crate::diagnostic::{Diagnostic, Label, Related};
use std::collections::{HashMap, HashSet};

declare_rule! {
    /// ## What it does
    /// Across all the articles checked in one run, finds two articles about an overlapping
    /// condition (front matter `conditions`, else the condition named in the title) where one
    /// recommends an exercise and the other advises against it, in the same form. An article
    /// that is itself at odds over the exercise is left to HL302 and HL303. Each article is
    /// reported at most once per exercise, against the first article (in the order checked)
    /// that disagrees with it, with that file shown below the finding and a count of the
    /// others. Turn it off with `rules: {HL304: off}` in `.healthlint.yaml`.
    ///
    /// ## Why is this bad?
    /// Readers move between a site's pages. If the sciatica exercise guide recommends knee-to-
    /// chest stretches and the sciatica flare-up page says to avoid them, the site contradicts
    /// itself and readers stop trusting either page.
    ///
    /// ## Example
    /// ```text
    /// sciatica-exercises.md:  - Knee-to-chest stretch, 30 seconds each side
    /// sciatica-flare-up.md:   ## Exercises to avoid
    ///                         - Knee hugs
    /// ```
    ///
    /// ## How to fix
    /// Agree on one stance across the site, or say in each article which form or stage it
    /// means ("in the first week of a flare-up", "gently, one knee at a time").
    pub static CROSS_ARTICLE_CONTRADICTION = { code: "HL304", name: "cross-article-contradiction", severity: Warning }
}

/// One article's side of the comparison.
pub struct ArticleAdvice<'a> {
    pub path: &'a str,
    pub advice: &'a AdviceReport,
}

/// Findings as (index of the article they belong to, diagnostic).
pub fn check(articles: &[ArticleAdvice<'_>], lexicon: &Lexicon) -> Vec<(usize, Diagnostic)> {
    type Key = (ValueId, usize, Variant);
    // For each condition, exercise and form: the first recommending and the first avoiding
    // mention in each article.
    let mut groups: HashMap<Key, [Vec<(usize, &Mention)>; 2]> = HashMap::new();
    for (index, article) in articles.iter().enumerate() {
        let mentions = &article.advice.mentions;
        // An exercise the article itself is at odds over is HL302's or HL303's to report.
        let own: Vec<usize> = article
            .advice
            .conflicts
            .iter()
            .map(|c| mentions[c.recommend].exercise)
            .collect();
        let both_ways = |exercise: usize| own.contains(&exercise);
        for mention in mentions {
            let side = match mention.stance {
                Stance::Recommend => 0,
                Stance::Avoid => 1,
                Stance::Neutral => continue,
            };
            if both_ways(mention.exercise) {
                continue;
            }
            for &condition in &article.advice.conditions {
                let key = (condition, mention.exercise, mention.variant);
                let list = &mut groups.entry(key).or_default()[side];
                if list.last().is_none_or(|(i, _)| *i != index) {
                    list.push((index, mention));
                }
            }
        }
    }
    let mut keys: Vec<&Key> = groups.keys().collect();
    // A fixed order, so that the same articles always give the same findings.
    keys.sort();
    // Each article is paired with the first article (in run order) that takes the opposite
    // stance, if that one comes before it: every disagreeing article is flagged once per
    // exercise, each pair at most once, and a site with fifty articles on one condition gets
    // fifty findings rather than a thousand.
    let mut reported: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for key in keys {
        let [recommending, avoiding] = &groups[key];
        let (condition, exercise, _) = *key;
        for (mine, theirs) in [(recommending, avoiding), (avoiding, recommending)] {
            let Some(&(first_index, first)) = theirs.first() else {
                continue;
            };
            for &(index, mention) in mine {
                if index <= first_index || !reported.insert((index, exercise)) {
                    continue;
                }
                let others = theirs.len() - 1;
                let (recommend, avoid) = if std::ptr::eq(mine, recommending) {
                    ((index, mention), (first_index, first))
                } else {
                    ((first_index, first), (index, mention))
                };
                out.push(diagnostic(
                    articles, lexicon, condition, recommend, avoid, others,
                ));
            }
        }
    }
    out
}

fn diagnostic(
    articles: &[ArticleAdvice<'_>],
    lexicon: &Lexicon,
    condition: ValueId,
    recommend: (usize, &Mention),
    avoid: (usize, &Mention),
    others: usize,
) -> (usize, Diagnostic) {
    let name = &lexicon.exercises[recommend.1.exercise].name;
    let condition = lexicon
        .value_name(Dimension::Condition, condition)
        .replace('_', " ");
    // The finding belongs to the later file; the earlier one is shown with it.
    let (here, there, here_recommends) = if recommend.0 > avoid.0 {
        (recommend, avoid, true)
    } else {
        (avoid, recommend, false)
    };
    let other = match others {
        0 => articles[there.0].path.to_string(),
        1 => format!("{} and 1 other article", articles[there.0].path),
        n => format!("{} and {n} other articles", articles[there.0].path),
    };
    let (message, here_label, there_label) = if here_recommends {
        (
            format!("{name}: recommended here, but advised against for {condition} in {other}"),
            "recommended here",
            "advised against here",
        )
    } else {
        (
            format!("{name}: advised against here, but recommended for {condition} in {other}"),
            "advised against here",
            "recommended here",
        )
    };
    let mut d = Diagnostic::new(&CROSS_ARTICLE_CONTRADICTION, message)
        .with_help(format!(
            "agree on one stance on {name} for {condition} across both articles, or say in each which form or stage is meant"
        ));
    d.labels.push(Label::new(
        here.1.span,
        format!("{here_label} (“{}”)", here.1.text),
    ));
    d.related.push(Related {
        path: articles[there.0].path.to_string(),
        span: there.1.span,
        message: format!("{there_label} (“{}”)", there.1.text),
    });
    (here.0, d)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::advice::StanceSource;
    use crate::source::Span;

    fn mention(exercise: usize, stance: Stance) -> Mention {
        Mention {
            exercise,
            text: "squats".into(),
            span: Span::new(0, 6),
            variant: Variant::default(),
            stance,
            source: StanceSource::None,
        }
    }

    #[test]
    fn each_disagreeing_article_is_reported_once_against_the_first() {
        let lexicon = Lexicon::built_in().unwrap();
        let report = |stance| AdviceReport {
            mentions: vec![mention(0, stance)],
            conditions: vec![0],
            conflicts: Vec::new(),
        };
        let reports = [
            report(Stance::Recommend),
            report(Stance::Avoid),
            report(Stance::Avoid),
            report(Stance::Recommend),
            report(Stance::Avoid),
        ];
        let articles: Vec<ArticleAdvice<'_>> = reports
            .iter()
            .enumerate()
            .map(|(i, advice)| ArticleAdvice {
                path: ["a.md", "b.md", "c.md", "d.md", "e.md"][i],
                advice,
            })
            .collect();
        let found = check(&articles, &lexicon);
        let pairs: Vec<(usize, String)> = found
            .iter()
            .map(|(i, d)| (*i, d.related[0].path.clone()))
            .collect();
        // b, c and e disagree with a; d disagrees with b, the first to avoid.
        assert_eq!(
            pairs,
            [
                (3, "b.md".to_string()),
                (1, "a.md".to_string()),
                (2, "a.md".to_string()),
                (4, "a.md".to_string()),
            ]
        );
        assert!(
            found[1].1.message.contains("a.md and 1 other article"),
            "{}",
            found[1].1.message
        );
    }
}
