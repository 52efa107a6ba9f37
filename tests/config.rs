//! The configuration file as users meet it: found walking up from the working directory, named
//! with `--config`, written by `init`, and refused with the file, line and key when it is wrong.

mod common;
use common::{codes_for, healthlint};
use serde_json::Value;
use std::path::Path;

/// An article with a stale reference (HL205) and a date whose day and month could swap (HL203).
const ARTICLE: &str = "---
title: Wrist pain at the keyboard
references:
  - title: Typing posture guide
    url: https://example.org/wrist/typing
    accessed: 2022-03-01
  - title: Wrist stretches for office workers
    url: https://example.org/wrist/stretches
    accessed: 05/07/2025
---

Short breaks every half hour help more than any wrist rest.
";

/// A project directory holding `articles/wrist.md`, with an optional configuration at its root.
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("articles")).expect("mkdir");
    std::fs::write(dir.path().join("articles/wrist.md"), ARTICLE).expect("write");
    if let Some(config) = config {
        std::fs::write(dir.path().join(".healthlint.yaml"), config).expect("write");
    }
    dir
}

/// Runs `check --format json wrist.md` from `cwd` with extra flags.
fn check_in(cwd: &Path, flags: &[&str]) -> (i32, Value, String) {
    let out = healthlint()
        .current_dir(cwd)
        .args(flags)
        .args(["check", "--format", "json", "wrist.md"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn severities(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (field("code"), field("severity"))
        })
        .collect()
}

#[test]
fn without_a_configuration_the_defaults_apply() {
    let dir = project(None);
    let (code, report, _) = check_in(&dir.path().join("articles"), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        severities(&report),
        [
            ("HL205".to_string(), "warning".to_string()),
            ("HL203".to_string(), "warning".to_string())
        ]
    );
}

#[test]
fn the_file_is_found_walking_up_and_changes_severities_and_date_order() {
    let dir = project(Some("rules:\n  stale-reference: error\ndate_order: dmy\n"));
    let (code, report, stderr) = check_in(&dir.path().join("articles"), &[]);
    assert_eq!(code, 1, "{stderr}");
    // 05/07/2025 read as 5 July is no longer ambiguous; the stale reference now fails the run.
    assert_eq!(
        severities(&report),
        [("HL205".to_string(), "error".to_string())]
    );
}

#[test]
fn a_rule_turned_off_is_not_reported_and_no_config_ignores_the_file() {
    let dir = project(Some("rules:\n  HL205: off\n  HL203: off\n"));
    let articles = dir.path().join("articles");
    let (_, report, _) = check_in(&articles, &[]);
    assert!(codes_for(&report, "wrist.md").is_empty(), "{report}");
    let (_, report, _) = check_in(&articles, &["--no-config"]);
    assert_eq!(codes_for(&report, "wrist.md"), ["HL205", "HL203"]);
}

#[test]
fn config_names_a_file_elsewhere_and_max_age_is_read() {
    let dir = project(None);
    let other = tempfile::tempdir().expect("temp dir");
    let config = other.path().join("house.yaml");
    std::fs::write(
        &config,
        "max_reference_age_months: 60\nrules:\n  HL203: info\n",
    )
    .expect("write");
    let config = config.to_str().expect("utf-8 path");
    let (_, report, _) = check_in(&dir.path().join("articles"), &["--config", config]);
    assert_eq!(
        severities(&report),
        [("HL203".to_string(), "info".to_string())]
    );
}

#[test]
fn mistakes_in_the_file_are_tool_errors_naming_file_line_and_key() {
    for (config, expected) in [
        (
            "date_order: dmy\nmax_age: 12\n",
            ".healthlint.yaml:2:1: unknown key `max_age`",
        ),
        (
            "rules:\n  HL205: off\n  stale-refrence: warning\n",
            ".healthlint.yaml:3:3: unknown rule `stale-refrence` under `rules`; did you mean `HL205` (stale-reference)?",
        ),
        (
            "rules:\n  HL205: silent\n",
            ".healthlint.yaml:2:10: unknown value `silent`",
        ),
        ("date_order: [dmy\n", ".healthlint.yaml:"),
    ] {
        let dir = project(Some(config));
        let (code, _, stderr) = check_in(&dir.path().join("articles"), &[]);
        assert_eq!(code, 2, "{config}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(expected), "{config}\n{stderr}");
    }
}

#[test]
fn init_writes_a_starter_that_parses_and_will_not_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = |force: bool| {
        let mut cmd = healthlint();
        cmd.current_dir(dir.path()).arg("init");
        if force {
            cmd.arg("--force");
        }
        cmd.output().expect("runs")
    };
    let first = init(false);
    assert_eq!(first.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join(".healthlint.yaml")).expect("written");
    assert!(written.contains("# HL205: warning"), "{written}");

    std::fs::write(dir.path().join(".healthlint.yaml"), "edited: true\n").expect("write");
    let second = init(false);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".healthlint.yaml")).expect("kept"),
        "edited: true\n"
    );
    // `init` works even where the existing file is broken, and --force replaces it.
    assert_eq!(init(true).status.code(), Some(0));

    std::fs::write(dir.path().join("wrist.md"), ARTICLE).expect("write");
    let (code, report, stderr) = check_in(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(codes_for(&report, "wrist.md"), ["HL205", "HL203"]);
}

#[test]
fn lexicon_additions_are_used_and_checked() {
    let article = "---
title: Hip exercises
references:
  - title: Hip guide
    url: https://example.org/hip/guide
    accessed: 2025-11-01
---

## Exercises that help

- Pelican exercise, ten each side.

## Exercises to avoid

- Pelican reaches.
";
    let dir = project(Some(
        "lexicon:\n  exercises:\n    - id: pelican_reach\n      name: pelican reach\n      region: hip\n      names: [pelican reach, pelican exercise]\n",
    ));
    std::fs::write(dir.path().join("articles/hip.md"), article).expect("write");
    let out = healthlint()
        .current_dir(dir.path().join("articles"))
        .args(["check", "--format", "json", "hip.md"])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(codes_for(&report, "hip.md"), ["HL302"], "{report}");

    // Synonyms for an exercise the lexicon does not have are refused, naming the file.
    let dir = project(Some("lexicon:\n  synonyms:\n    no_such_exercise: [x]\n"));
    let (code, _, stderr) = check_in(&dir.path().join("articles"), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".healthlint.yaml: lexicon: synonyms for `no_such_exercise`"),
        "{stderr}"
    );
}
