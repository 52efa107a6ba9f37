//! The per-file pipeline: read → decode → parse → project → validate → diagnostics. Files are
//! checked in parallel (rayon) against one compiled schema; results keep the inputs' order.
//! A file that cannot be read or parsed yields an HL103 finding for that file only. Live link
//! results come back here to become findings at each citation, under the same severities and
//! suppressions; `links` reads files for their URLs alone.

use crate::advice::{self, AdviceReport};
use crate::article::suppress::Suppressions;
use crate::article::{self, Article, Format, Unreadable};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::schema::{self, AdviceFields, ArticleDocument, Schema};
use crate::source::{SourceFile, Span};
use crate::walk::Input;
use rayon::prelude::*;
use std::io::Read;

/// Files larger than this are not articles; they are reported, not read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What one file produced.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    /// `None` when the file could not be read at all.
    pub format: Option<Format>,
    pub diagnostics: Vec<Diagnostic>,
    /// What later passes over all articles need (`None` when the file could not be read).
    pub analysis: Option<Box<Analysis>>,
}

/// What the cross-article pass needs of one article.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub advice: AdviceReport,
    pub suppressions: Suppressions,
    /// The absolute URLs the article cites, for live link checks.
    pub links: Vec<crate::source::Spanned<String>>,
}

impl FileReport {
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// A file that was read and parsed.
pub struct Parsed {
    pub source: SourceFile,
    pub article: Article,
}

/// Checks every input; the schema is compiled once by the caller and shared. With
/// `collect_links`, each report also keeps the URLs its article cites, for live link checks.
pub fn check_all(
    inputs: &[Input],
    schema: &Schema,
    settings: &Settings,
    collect_links: bool,
) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = inputs
        .par_iter()
        .map(|input| check(input, schema, settings, collect_links))
        .collect();
    cross_article(&mut reports, settings);
    reports
}

/// Reads every input for its cited URLs only (`healthlint links`): no schema, no content rules.
/// A file that cannot be read is still reported (HL103).
pub fn read_links(inputs: &[Input], settings: &Settings) -> Vec<FileReport> {
    inputs
        .par_iter()
        .map(|input| match load(input) {
            Err(mut report) => {
                report.diagnostics = settle(report.diagnostics, None, &report.source, settings);
                report
            }
            Ok(parsed) => FileReport {
                format: Some(parsed.article.format),
                diagnostics: Vec::new(),
                analysis: Some(Box::new(Analysis {
                    advice: AdviceReport::default(),
                    links: crate::links::cited(&parsed.article),
                    suppressions: parsed.article.suppressions,
                })),
                source: parsed.source,
            },
        })
        .collect()
}

/// Rules over all articles of the run (HL304), skipped when turned off.
fn cross_article(reports: &mut [FileReport], settings: &Settings) {
    use rules::cross_article_contradiction::{self as rule, ArticleAdvice};
    if settings
        .severity_of(&rule::CROSS_ARTICLE_CONTRADICTION)
        .is_none()
    {
        return;
    }
    let (indices, articles): (Vec<usize>, Vec<ArticleAdvice<'_>>) = reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let analysis = r.analysis.as_ref()?;
            Some((
                i,
                ArticleAdvice {
                    path: &r.source.path,
                    advice: &analysis.advice,
                },
            ))
        })
        .unzip();
    let found = rule::check(&articles, &settings.lexicon());
    for (article, diagnostic) in found {
        let report = &mut reports[indices[article]];
        let settled = settle(
            vec![diagnostic],
            report.analysis.as_ref().map(|a| &a.suppressions),
            &report.source,
            settings,
        );
        report.diagnostics.extend(settled);
        report
            .diagnostics
            .sort_by_key(|d| (d.primary_span().map_or(0, |s| s.start), d.rule.code));
    }
}

/// Adds the findings of live link checks (HL401–HL407) to the files that cite each link,
/// with the configured severities and the files' suppressions applied.
pub fn add_link_findings(
    reports: &mut [FileReport],
    links: &[crate::links::CheckedLink],
    settings: &Settings,
) {
    let mut touched = vec![false; reports.len()];
    for link in links {
        for citation in &link.citations {
            let Some(report) = reports.get_mut(citation.file) else {
                continue;
            };
            let Some(finding) = rules::link_finding(&link.result, citation.span) else {
                continue;
            };
            let settled = settle(
                vec![finding],
                report.analysis.as_ref().map(|a| &a.suppressions),
                &report.source,
                settings,
            );
            touched[citation.file] |= !settled.is_empty();
            report.diagnostics.extend(settled);
        }
    }
    for (report, touched) in reports.iter_mut().zip(touched) {
        if touched {
            report
                .diagnostics
                .sort_by_key(|d| (d.primary_span().map_or(0, |s| s.start), d.rule.code));
        }
    }
}

/// Whether any rule that reads the exercise-advice analysis (HL302–HL304) is on. When none is
/// and the schema reads nothing of it either, articles are not analysed at all.
pub fn advice_rules_on(settings: &Settings) -> bool {
    use rules::{contradictory_advice, cross_article_contradiction, unqualified_advice};
    [
        &contradictory_advice::CONTRADICTORY_ADVICE,
        &unqualified_advice::UNQUALIFIED_ADVICE,
        &cross_article_contradiction::CROSS_ARTICLE_CONTRADICTION,
    ]
    .into_iter()
    .any(|rule| settings.severity_of(rule).is_some())
}

/// Checks one input (see [`check_all`]).
pub fn check(
    input: &Input,
    schema: &Schema,
    settings: &Settings,
    collect_links: bool,
) -> FileReport {
    match load(input) {
        Err(mut report) => {
            report.diagnostics = settle(report.diagnostics, None, &report.source, settings);
            report
        }
        Ok(parsed) => {
            let lexicon = (advice_rules_on(settings) || schema.reads_advice_analysis())
                .then(|| settings.lexicon());
            let advice = match &lexicon {
                Some(lexicon) => advice::analyse(&parsed.article, lexicon),
                None => AdviceReport::default(),
            };
            let fields = match &lexicon {
                Some(lexicon) if schema.reads_exercises() => AdviceFields::All(&advice, lexicon),
                Some(lexicon) => AdviceFields::Conditions(&advice, lexicon),
                None => AdviceFields::Neither,
            };
            let document = schema::project(&parsed.article, settings.date_order, fields);
            let diagnostics = diagnose(&parsed.article, &advice, &document, schema, settings);
            let diagnostics = settle(
                diagnostics,
                Some(&parsed.article.suppressions),
                &parsed.source,
                settings,
            );
            FileReport {
                source: parsed.source,
                format: Some(parsed.article.format),
                diagnostics,
                analysis: Some(Box::new(Analysis {
                    advice,
                    links: if collect_links {
                        crate::links::cited(&parsed.article)
                    } else {
                        Vec::new()
                    },
                    suppressions: parsed.article.suppressions,
                })),
            }
        }
    }
}

/// Applies the configured severities (dropping rules turned off) and the article's inline
/// suppression directives.
fn settle(
    diagnostics: Vec<Diagnostic>,
    suppressions: Option<&Suppressions>,
    source: &SourceFile,
    settings: &Settings,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            d.severity = settings.severity_of(d.rule)?;
            let line = d.primary_span().map(|s| source.position(s.start).line);
            match suppressions {
                Some(s) if s.suppresses(d.rule, line) => None,
                _ => Some(d),
            }
        })
        .collect()
}

/// Schema failures as their rules' diagnostics plus the rules' own findings, in text order. One
/// problem gives one diagnostic: a generic schema failure on text a rule already reports on
/// (an invalid access date, say) is dropped in favour of the rule's finding.
pub fn diagnose(
    article: &Article,
    advice: &AdviceReport,
    document: &ArticleDocument,
    schema: &Schema,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut diagnostics = rules::check_article(&rules::Context {
        article,
        settings,
        advice,
    });
    for failure in schema.validate(document) {
        let diagnostic = rules::schema_diagnostic(&failure, article);
        let generic = diagnostic.rule.code == rules::schema_violation::SCHEMA_VIOLATION.code;
        if generic
            && diagnostics
                .iter()
                .any(|d| d.primary_span() == diagnostic.primary_span())
        {
            continue;
        }
        diagnostics.push(diagnostic);
    }
    diagnostics.sort_by_key(|d| (d.primary_span().map_or(0, |s| s.start), d.rule.code));
    diagnostics
}

/// Reads and parses one input, or explains why it cannot be.
pub fn load(input: &Input) -> Result<Parsed, FileReport> {
    let (name, format) = match input {
        Input::File { name, format, .. } | Input::Stdin { name, format } => {
            (name.as_str(), *format)
        }
        Input::Unreadable { name, message } => {
            let problem = Unreadable {
                message: format!("cannot read `{name}`: {message}"),
                help: "check that the path exists and that healthlint may read it".into(),
                span: None,
            };
            return Err(unreadable(
                SourceFile::new(name.clone(), String::new()),
                None,
                &problem,
            ));
        }
    };
    let fail = |message: String, help: &str| {
        let problem = Unreadable {
            message,
            help: help.to_string(),
            span: None,
        };
        unreadable(SourceFile::new(name, String::new()), Some(format), &problem)
    };
    let bytes = match read_bytes(input) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge(size)) => {
            return Err(fail(
                format!(
                    "the file is {:.1} MiB, more than the {} MiB an article may be",
                    size as f64 / 1048576.0,
                    MAX_FILE_BYTES / 1048576
                ),
                "split the file, or keep data that is not an article out of the checked paths (a .gitignore entry works)",
            ));
        }
        Err(ReadError::Io(e)) => {
            return Err(fail(
                format!("cannot read the file: {e}"),
                "check that healthlint may read it",
            ));
        }
    };
    let source = decode(name, format, bytes)?;
    match article::parse(&source, format) {
        Ok(article) => Ok(Parsed { source, article }),
        Err(problem) => Err(unreadable(source, Some(format), &problem)),
    }
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

fn read_bytes(input: &Input) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    match input {
        Input::File { path, .. } => {
            let file = std::fs::File::open(path).map_err(ReadError::Io)?;
            let size = file.metadata().map_err(ReadError::Io)?.len();
            if size > MAX_FILE_BYTES {
                return Err(ReadError::TooLarge(size));
            }
            file.take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(ReadError::Io)?;
        }
        Input::Stdin { .. } => {
            std::io::stdin()
                .lock()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(ReadError::Io)?;
        }
        Input::Unreadable { .. } => {}
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Bytes → text, refusing binary, non-UTF-8 and empty files with a finding that says which.
pub fn decode(name: &str, format: Format, bytes: Vec<u8>) -> Result<SourceFile, FileReport> {
    let empty = |source: SourceFile, message: &str, help: &str| {
        let problem = Unreadable {
            message: message.to_string(),
            help: help.to_string(),
            span: None,
        };
        unreadable(source, Some(format), &problem)
    };
    // Like git: a NUL byte near the start means binary.
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err(empty(
            SourceFile::new(name, String::new()),
            "this is a binary file, not an article",
            "check only articles: Markdown (.md) or plain text (.txt)",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(name, text);
            if source.text.trim_start_matches('\u{feff}').trim().is_empty() {
                return Err(empty(
                    source,
                    "the file is empty",
                    "write the article, or remove the empty file",
                ));
            }
            Ok(source)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let source = SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let problem = Unreadable {
                message: format!(
                    "the file is not valid UTF-8 (byte {at} is not part of a UTF-8 character)"
                ),
                help: "save the file as UTF-8; editors offer this under \"Save with encoding\""
                    .into(),
                span: Some(Span::new(at, at + '\u{fffd}'.len_utf8())),
            };
            Err(unreadable(source, Some(format), &problem))
        }
    }
}

fn unreadable(source: SourceFile, format: Option<Format>, problem: &Unreadable) -> FileReport {
    FileReport {
        source,
        format,
        diagnostics: vec![rules::unreadable_article::diagnostic(problem)],
        analysis: None,
    }
}
