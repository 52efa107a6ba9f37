//! Helpers shared by the integration tests: run the real binary and read its output.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

/// The healthlint binary with a pinned date and no colour.
pub fn healthlint() -> Command {
    let mut cmd = Command::cargo_bin("healthlint").expect("binary builds");
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .arg("--today")
        .arg("2026-01-15");
    cmd
}

/// Runs `check --format json` on `args`; returns (exit code, parsed report).
pub fn check_json(args: &[&str]) -> (i32, Value) {
    let out = healthlint()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    (out.status.code().unwrap_or(-1), json)
}

/// The codes of every diagnostic for files whose path ends with `suffix`.
pub fn codes_for(report: &Value, suffix: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Human output with the timing replaced, for snapshots.
pub fn stable(text: &str) -> String {
    let re = regex::Regex::new(r"in \d+ ms").expect("regex");
    re.replace_all(text, "in <time> ms").into_owned()
}
