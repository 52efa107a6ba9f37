//! Settings for one run, in layers: built-in defaults, then `.healthlint.yaml` (found walking up
//! from the working directory, or named with `--config`), then command-line flags, merged by
//! `commands` into one [`Settings`]. Engine modules read only `Settings`, never flags, files or
//! the environment, so every result is reproducible (`--today` pins the date checks measure from).
//! The file is read with serde-saphyr; an unknown key or rule name is an error naming the file,
//! line and key, because a misspelt setting that is silently ignored is worse than none.

use crate::advice::lexicon::{Additions, ExerciseEntry, Lexicon};
use crate::article::dates::DateOrder;
use crate::diagnostic::Severity;
use crate::links::LinkSettings;
use crate::links::policy::AllowedHost;
use crate::rules::{self, Rule};
use jiff::civil::Date;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The configuration file's name, looked for in the working directory and each parent.
pub const FILE_NAME: &str = ".healthlint.yaml";

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
    /// Rule severities changed by the configuration, by rule code.
    pub rule_levels: HashMap<&'static str, Level>,
    /// The lexicon with the configuration's additions, when there are any; otherwise the
    /// built-in one is used, compiled on first use (see [`Settings::lexicon`]).
    pub custom_lexicon: Option<Arc<Lexicon>>,
    /// How live link checks are made (`check --links`, `links`).
    pub links: LinkSettings,
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
            rule_levels: HashMap::new(),
            custom_lexicon: None,
            links: LinkSettings::default(),
        }
    }

    /// Whether these findings fail the run.
    pub fn fails(&self, worst: Option<Severity>) -> bool {
        matches!((self.fail_on, worst), (Some(threshold), Some(worst)) if worst >= threshold)
    }

    /// The severity a rule's findings are reported at, or `None` when the rule is turned off.
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        match self.rule_levels.get(rule.code) {
            None => Some(rule.severity),
            Some(level) => level.severity(),
        }
    }

    /// Lays a configuration file over these settings.
    pub fn apply(&mut self, config: &Config) {
        if let Some(order) = config.date_order {
            self.date_order = Some(order);
        }
        if let Some(months) = config.max_reference_age_months {
            self.max_reference_age_months = months;
        }
        if let Some(schema) = &config.schema {
            self.schema = Some(schema.clone());
        }
        self.rule_levels.extend(
            config
                .rule_levels
                .iter()
                .map(|(rule, level)| (rule.code, *level)),
        );
        config.links.apply(&mut self.links);
    }

    /// Adds the configuration's exercises and synonyms to the built-in lexicon.
    pub fn extend_lexicon(&mut self, config: &Config) -> Result<(), ConfigError> {
        if config.lexicon.synonyms.is_empty() && config.lexicon.exercises.is_empty() {
            return Ok(());
        }
        let lexicon =
            Lexicon::compile(crate::advice::lexicon::BUILT_IN, &config.lexicon).map_err(|e| {
                ConfigError {
                    path: config.path.clone(),
                    position: None,
                    message: format!("lexicon: {e}"),
                }
            })?;
        self.custom_lexicon = Some(Arc::new(lexicon));
        Ok(())
    }

    /// The exercise lexicon for this run.
    pub fn lexicon(&self) -> Arc<Lexicon> {
        match &self.custom_lexicon {
            Some(lexicon) => Arc::clone(lexicon),
            // The built-in lexicon is part of the binary and checked by the tests.
            None => {
                Lexicon::built_in().unwrap_or_else(|e| unreachable!("the built-in lexicon: {e}"))
            }
        }
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A configuration file, checked and resolved: rule names are rules, paths are relative to the
/// working directory.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    pub rule_levels: Vec<(&'static Rule, Level)>,
    pub date_order: Option<DateOrder>,
    pub max_reference_age_months: Option<u32>,
    pub schema: Option<PathBuf>,
    /// Extra exercise names and exercises for the lexicon.
    pub lexicon: Additions,
    pub links: LinkConfig,
}

/// The `links:` section, checked: every field is optional and overrides the default.
#[derive(Debug, Clone, Default)]
pub struct LinkConfig {
    pub max_concurrency: Option<usize>,
    pub host_concurrency: Option<usize>,
    pub host_interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub deadline: Option<Duration>,
    pub max_retries: Option<u32>,
    pub accepted_statuses: Vec<u16>,
    pub exclude: Vec<regex::Regex>,
    pub allow_private: Option<bool>,
    pub allow_hosts: Vec<AllowedHost>,
    pub user_agent: Option<String>,
    /// (host, header name, value).
    pub headers: Vec<(String, String, String)>,
    pub cache: Option<bool>,
    pub cache_max_age: Option<Duration>,
    /// The link store (written relative to the configuration file's directory).
    pub store: Option<PathBuf>,
}

impl LinkConfig {
    fn apply(&self, links: &mut LinkSettings) {
        let check = &mut links.check;
        if let Some(n) = self.max_concurrency {
            check.max_concurrency = n;
        }
        if let Some(n) = self.host_concurrency {
            check.host_concurrency = n;
        }
        if self.host_interval.is_some() {
            check.host_interval = self.host_interval;
        }
        if let Some(t) = self.timeout {
            check.timeout = t;
        }
        if let Some(t) = self.deadline {
            check.deadline = t;
        }
        if let Some(n) = self.max_retries {
            check.max_retries = n;
        }
        check.accepted.extend(&self.accepted_statuses);
        check.exclude.extend(self.exclude.iter().cloned());
        if let Some(allow) = self.allow_private {
            check.guard.allow_private = allow;
        }
        check
            .guard
            .allowed_hosts
            .extend(self.allow_hosts.iter().cloned());
        if let Some(agent) = &self.user_agent {
            check.user_agent = agent.clone();
        }
        check.headers.extend(self.headers.iter().cloned());
        if let Some(age) = self.cache_max_age {
            links.cache_max_age = age;
        }
        if let Some(store) = &self.store {
            links.store = Some(store.clone());
        }
        if self.cache == Some(false) {
            links.store = None;
        }
    }
}

/// Why a configuration file cannot be used. Displayed as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem is at a place in the file.
    pub position: Option<(u64, u64)>,
    pub message: String,
}

/// The file as written. Every field is optional and unknown keys are refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<HashMap<Spanned<String>, Level>>,
    date_order: Option<RawDateOrder>,
    max_reference_age_months: Option<Spanned<u32>>,
    schema: Option<PathBuf>,
    lexicon: Option<RawLexicon>,
    links: Option<RawLinks>,
    /// Reserved for link-rot audits; no keys are accepted yet.
    #[serde(rename = "audit")]
    _audit: Option<Reserved>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawDateOrder {
    Dmy,
    Mdy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reserved {}

/// Live link checking options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    max_concurrency: Option<Spanned<usize>>,
    host_concurrency: Option<Spanned<usize>>,
    /// Milliseconds between the starts of two requests to one host.
    host_interval_ms: Option<u64>,
    /// Seconds.
    timeout: Option<Spanned<f64>>,
    /// Seconds.
    deadline: Option<Spanned<f64>>,
    max_retries: Option<u32>,
    accepted_statuses: Option<Vec<Spanned<u16>>>,
    exclude: Option<Vec<Spanned<String>>>,
    allow_private: Option<bool>,
    allow_hosts: Option<Vec<Spanned<String>>>,
    user_agent: Option<String>,
    /// Host → header name → value.
    headers: Option<std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>>,
    cache: Option<bool>,
    cache_max_age_hours: Option<f64>,
    store: Option<PathBuf>,
}

/// Additions to the built-in exercise lexicon.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    /// Exercise id → extra names.
    synonyms: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// New exercises, written as in `schemas/lexicon/exercises.yaml`.
    exercises: Option<Vec<ExerciseEntry>>,
}

impl Config {
    /// Looks for `.healthlint.yaml` in `start` and then in each parent directory.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        Self::parse(path, &text)
    }

    /// Checks configuration text; `path` names it in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let error = |position: Option<(u64, u64)>, message: String| ConfigError {
            path: path.to_path_buf(),
            position,
            message,
        };
        // A file holding only comments is an empty configuration, not an error.
        let blank = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if blank {
            return Ok(Config {
                path: path.to_path_buf(),
                ..Config::default()
            });
        }
        let raw: RawConfig = serde_saphyr::from_str(text).map_err(|e| {
            let position = e.location().map(|l| (l.line(), l.column()));
            error(position, describe(&e))
        })?;

        let mut rule_levels = Vec::new();
        let mut entries: Vec<_> = raw.rules.into_iter().flatten().collect();
        entries.sort_by_key(|(name, _)| (name.referenced.line(), name.referenced.column()));
        for (name, level) in entries {
            let at = Some((name.referenced.line(), name.referenced.column()));
            let Some(rule) = rules::lookup(&name.value) else {
                return Err(error(
                    at,
                    format!(
                        "unknown rule `{}` under `rules`; {}",
                        name.value,
                        rules::did_you_mean(&name.value)
                    ),
                ));
            };
            rule_levels.push((rule, level));
        }
        if let Some(months) = &raw.max_reference_age_months
            && months.value == 0
        {
            let at = Some((months.referenced.line(), months.referenced.column()));
            return Err(error(
                at,
                "`max_reference_age_months` must be at least 1".into(),
            ));
        }
        // Paths in the file are relative to the directory holding it.
        let base = path.parent().unwrap_or(Path::new(""));
        let links = match raw.links {
            Some(raw) => resolve_links(raw, base).map_err(|(at, message)| error(at, message))?,
            None => LinkConfig::default(),
        };
        Ok(Config {
            path: path.to_path_buf(),
            rule_levels,
            date_order: raw.date_order.map(|order| match order {
                RawDateOrder::Dmy => DateOrder::DayMonthYear,
                RawDateOrder::Mdy => DateOrder::MonthDayYear,
            }),
            max_reference_age_months: raw.max_reference_age_months.map(|m| m.value),
            schema: raw.schema.map(|schema| base.join(schema)),
            lexicon: raw
                .lexicon
                .map(|l| Additions {
                    synonyms: l.synonyms.unwrap_or_default().into_iter().collect(),
                    exercises: l.exercises.unwrap_or_default(),
                })
                .unwrap_or_default(),
            links,
        })
    }
}

type Position = Option<(u64, u64)>;

/// The most requests in flight that `links.max_concurrency` and `host_concurrency` accept.
pub const MAX_CONCURRENCY: usize = 4096;

fn at<T>(value: &Spanned<T>) -> Position {
    Some((value.referenced.line(), value.referenced.column()))
}

/// Checks the `links:` section: counts are positive, durations are positive, patterns compile,
/// hosts and statuses are well formed.
fn resolve_links(raw: RawLinks, base: &Path) -> Result<LinkConfig, (Position, String)> {
    let positive = |value: &Option<Spanned<usize>>, key: &str| match value {
        Some(v) if !(1..=MAX_CONCURRENCY).contains(&v.value) => Err((
            at(v),
            format!("`links.{key}` must be from 1 to {MAX_CONCURRENCY}"),
        )),
        Some(v) => Ok(Some(v.value)),
        None => Ok(None),
    };
    let seconds = |value: &Option<Spanned<f64>>, key: &str| match value {
        Some(v) if !(v.value.is_finite() && v.value > 0.0 && v.value <= 86_400.0) => Err((
            at(v),
            format!("`links.{key}` is in seconds and must be more than 0 (and at most a day)"),
        )),
        Some(v) => Ok(Some(Duration::from_secs_f64(v.value))),
        None => Ok(None),
    };
    let mut accepted_statuses = Vec::new();
    for status in raw.accepted_statuses.iter().flatten() {
        if !(100..=999).contains(&status.value) {
            return Err((
                at(status),
                format!("`{}` is not an HTTP status (100-999)", status.value),
            ));
        }
        accepted_statuses.push(status.value);
    }
    let mut exclude = Vec::new();
    for pattern in raw.exclude.iter().flatten() {
        let compiled = regex::Regex::new(&pattern.value).map_err(|e| {
            (
                at(pattern),
                format!(
                    "`links.exclude` pattern `{}` is not a valid regular expression: {e}",
                    pattern.value
                ),
            )
        })?;
        exclude.push(compiled);
    }
    let mut allow_hosts = Vec::new();
    for host in raw.allow_hosts.iter().flatten() {
        allow_hosts.push(AllowedHost::parse(&host.value).map_err(|e| (at(host), e))?);
    }
    let headers = raw
        .headers
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(host, headers)| {
            headers
                .into_iter()
                .map(move |(name, value)| (host.clone(), name, value))
        })
        .collect();
    let cache_max_age = match raw.cache_max_age_hours {
        Some(hours) if !(hours.is_finite() && (0.0..=24.0 * 3650.0).contains(&hours)) => {
            return Err((
                None,
                "`links.cache_max_age_hours` must be a number of hours from 0 up".into(),
            ));
        }
        Some(hours) => Some(Duration::from_secs_f64(hours * 3600.0)),
        None => None,
    };
    Ok(LinkConfig {
        max_concurrency: positive(&raw.max_concurrency, "max_concurrency")?,
        host_concurrency: positive(&raw.host_concurrency, "host_concurrency")?,
        host_interval: match raw.host_interval_ms {
            Some(ms) if ms > 60_000 => {
                return Err((
                    None,
                    "`links.host_interval_ms` must be at most 60000 (a minute)".into(),
                ));
            }
            ms => ms.filter(|&ms| ms > 0).map(Duration::from_millis),
        },
        timeout: seconds(&raw.timeout, "timeout")?,
        deadline: seconds(&raw.deadline, "deadline")?,
        max_retries: raw.max_retries,
        accepted_statuses,
        exclude,
        allow_private: raw.allow_private,
        allow_hosts,
        user_agent: raw.user_agent,
        headers,
        cache: raw.cache,
        cache_max_age,
        store: raw.store.map(|store| base.join(store)),
    })
}

/// serde-saphyr's message for an error, without its source snippet (the position is printed in
/// front), in the words of this file: keys, not fields.
fn describe(e: &serde_saphyr::Error) -> String {
    let rendered = e.without_snippet().to_string();
    let message = rendered
        .split(" at line ")
        .next()
        .unwrap_or(&rendered)
        .trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return match rest.strip_suffix(", expected one of") {
            Some(key) => format!("unknown key {key}: this section takes no keys yet"),
            None => format!("unknown key {}", rest.replace(", expected", "; expected")),
        };
    }
    match message {
        "expected mapping start" => "expected `key: value` entries here".into(),
        m if m.starts_with("invalid u") => "expected a whole number".into(),
        m => m
            .replace("unknown variant", "unknown value")
            .replace(", expected", "; expected"),
    }
}

/// The file `healthlint init` writes: every setting, commented, at its default.
pub fn starter() -> String {
    let mut text = String::from(
        "# healthlint configuration. healthlint looks for this file in the working directory and\n\
         # each parent; `--config FILE` names another. Every key is optional.\n\
         \n\
         # Change a rule's severity (off, info, warning, error) by code or name.\n\
         # `healthlint explain CODE` says what each rule checks.\n\
         rules:\n",
    );
    for rule in rules::ALL {
        text.push_str(&format!(
            "  # {}: {:<8} # {}\n",
            rule.code,
            rule.severity.as_str(),
            rule.name
        ));
    }
    text.push_str(
        "\n\
         # How to read numeric dates such as 05/07/2025: dmy (5 July) or mdy (May 7). Without it,\n\
         # dates whose day and month could swap are reported as ambiguous (HL203).\n\
         # date_order: dmy\n\
         \n\
         # A reference accessed longer ago than this is stale (HL205).\n\
         max_reference_age_months: 24\n\
         \n\
         # A JSON Schema (2020-12) to validate articles against instead of the built-in one\n\
         # (`healthlint schema` prints it). Relative to this file.\n\
         # schema: article.schema.json\n\
         \n\
         # Exercises and names to add to the built-in lexicon (schemas/lexicon/exercises.yaml),\n\
         # used to find contradictory advice (HL302-HL304).\n\
         # lexicon:\n\
         #   synonyms:\n\
         #     knee_to_chest: [knee hug hold]\n\
         #   exercises:\n\
         #     - id: pelican_reach\n\
         #       name: pelican reach\n\
         #       region: shoulder\n\
         #       names: [pelican reach]\n\
         \n\
         # Live link checks (`healthlint links`, `check --links`). Flags override these.\n\
         # links:\n\
         #   max_concurrency: 64        # requests in flight at once\n\
         #   host_concurrency: 4        # ... and to any one host\n\
         #   host_interval_ms: 0        # least time between two requests to one host\n\
         #   timeout: 10                # seconds per request\n\
         #   deadline: 30               # seconds per URL, retries and redirects included\n\
         #   max_retries: 2             # after timeouts, dropped connections, 5xx and 429\n\
         #   accepted_statuses: []      # statuses that count as ok, such as 403\n\
         #   exclude: []                # regular expressions of URLs not to check\n\
         #   allow_private: false       # contact private and loopback addresses too\n\
         #   allow_hosts: []            # HOST or HOST:PORT to contact whatever its address\n\
         #   user_agent: healthlint/VERSION (+link checker)\n\
         #   headers: {}                # host -> {header: value}\n\
         #   cache: true                # reuse ok results from .healthlint/history.db\n\
         #   cache_max_age_hours: 24\n\
         #   store: .healthlint/history.db\n",
    );
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("conf/.healthlint.yaml"), text)
    }

    #[test]
    fn the_starter_file_parses_and_changes_nothing() {
        let config = parse(&starter()).unwrap();
        assert!(config.rule_levels.is_empty());
        assert_eq!(config.max_reference_age_months, Some(24));
        assert_eq!(config.date_order, None);
    }

    #[test]
    fn rules_are_named_by_code_or_name() {
        let config = parse(
            "rules:\n  HL205: off\n  ambiguous-date: error\ndate_order: mdy\nschema: s.json\n",
        )
        .unwrap();
        let levels: Vec<_> = config
            .rule_levels
            .iter()
            .map(|(r, l)| (r.code, *l))
            .collect();
        assert_eq!(levels, [("HL205", Level::Off), ("HL203", Level::Error)]);
        assert_eq!(config.date_order, Some(DateOrder::MonthDayYear));
        assert_eq!(config.schema, Some(PathBuf::from("conf/s.json")));
        let mut settings = Settings::new(Date::constant(2026, 1, 1));
        settings.apply(&config);
        assert_eq!(
            settings.severity_of(&rules::stale_reference::STALE_REFERENCE),
            None
        );
        assert_eq!(
            settings.severity_of(&rules::ambiguous_date::AMBIGUOUS_DATE),
            Some(Severity::Error)
        );
        assert_eq!(
            settings.severity_of(&rules::invalid_date::INVALID_DATE),
            Some(Severity::Error)
        );
    }

    #[test]
    fn an_unknown_key_names_the_key_file_and_line() {
        let e = parse("rules:\n  HL205: off\ndate_ordr: dmy\n").unwrap_err();
        let shown = e.to_string();
        assert!(shown.starts_with("conf/.healthlint.yaml:3:"), "{shown}");
        assert!(shown.contains("date_ordr"), "{shown}");
    }

    #[test]
    fn an_unknown_rule_names_the_rule_and_line() {
        let e = parse("rules:\n  HL205: off\n  missing-tittle: warning\n").unwrap_err();
        assert_eq!(e.position, Some((3, 3)));
        assert!(e.message.contains("`missing-tittle`"), "{e}");
    }

    #[test]
    fn a_bad_level_or_order_is_refused() {
        let e = parse("rules:\n  HL205: loud\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2));
        assert!(e.message.contains("loud"), "{e}");
        let e = parse("date_order: ymd\n").unwrap_err();
        assert!(e.message.contains("ymd"), "{e}");
        let e = parse("max_reference_age_months: 0\n").unwrap_err();
        assert_eq!(e.position, Some((1, 27)));
    }

    #[test]
    fn the_audit_section_takes_no_keys_yet() {
        assert!(parse("links: {}\naudit: {}\n").is_ok());
        let e = parse("audit:\n  grace: 5\n").unwrap_err();
        assert!(e.message.contains("grace"), "{e}");
    }

    #[test]
    fn link_options_are_read_and_checked() {
        let config = parse(
            "links:\n  timeout: 2.5\n  host_concurrency: 2\n  accepted_statuses: [403]\n  \
             exclude: ['^https://intranet\\.']\n  allow_hosts: ['localhost:8080']\n  \
             headers:\n    api.example.org: {Authorization: token}\n  cache: false\n  \
             store: cache/links.db\n",
        )
        .unwrap();
        let mut settings = Settings::new(Date::constant(2026, 1, 1));
        settings.apply(&config);
        let check = &settings.links.check;
        assert_eq!(check.timeout, Duration::from_millis(2500));
        assert_eq!(check.host_concurrency, 2);
        assert_eq!(check.accepted, [403]);
        assert!(check.exclude[0].is_match("https://intranet.example/x"));
        assert!(check.guard.host_allowed("localhost", 8080));
        assert_eq!(check.headers[0].0, "api.example.org");
        assert_eq!(settings.links.store, None);
        assert_eq!(
            config.links.store,
            Some(PathBuf::from("conf/cache/links.db"))
        );

        let e = parse("links:\n  exclude: ['(']\n").unwrap_err();
        assert_eq!(e.position, Some((2, 13)));
        assert!(e.message.contains("not a valid regular expression"), "{e}");
        let e = parse("links:\n  max_concurrency: 0\n").unwrap_err();
        assert!(e.message.contains("from 1 to 4096"), "{e}");
        let e = parse("links:\n  host_concurrency: 18446744073709551615\n").unwrap_err();
        assert!(e.message.contains("from 1 to 4096"), "{e}");
        let e = parse("links:\n  host_interval_ms: 3600000\n").unwrap_err();
        assert!(e.message.contains("at most 60000"), "{e}");
        let e = parse("links:\n  timeout: -1\n").unwrap_err();
        assert!(e.message.contains("seconds"), "{e}");
        let e = parse("links:\n  timout: 5\n").unwrap_err();
        assert!(e.message.contains("timout"), "{e}");
    }

    #[test]
    fn comments_only_is_an_empty_configuration() {
        assert!(parse("# nothing yet\n\n").unwrap().rule_levels.is_empty());
    }
}
