//! Bad input never crashes the tool: each case is an HL103 finding for that file (or, for a BOM
//! or CRLF line ends, simply read correctly), and the other files are still checked.

mod common;
use common::{check_json, codes_for, healthlint};
use serde_json::Value;
use std::path::Path;

/// Checks `bad` next to a good article; returns the report. The good one must be clean.
fn check_beside_good(dir: &Path, bad_name: &str, bad: &[u8]) -> Value {
    std::fs::write(dir.join(bad_name), bad).expect("write");
    std::fs::copy("fixtures/articles/neck-pain.md", dir.join("good.md")).expect("copy");
    let (code, report) = check_json(&[dir.to_str().expect("utf-8")]);
    assert!(code == 0 || code == 1, "exit code {code}");
    assert!(
        codes_for(&report, "good.md").is_empty(),
        "the good file must still be checked cleanly"
    );
    assert_eq!(report["files"].as_array().map(Vec::len), Some(2));
    report
}

fn finding<'a>(report: &'a Value, suffix: &str) -> &'a Value {
    report["diagnostics"]
        .as_array()
        .and_then(|d| {
            d.iter()
                .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        })
        .unwrap_or_else(|| panic!("no finding for {suffix}: {report:#}"))
}

fn assert_unreadable(report: &Value, suffix: &str, words: &str) -> Value {
    assert_eq!(codes_for(report, suffix), ["HL103"], "{report:#}");
    let d = finding(report, suffix);
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains(words)),
        "{}",
        d["message"]
    );
    d.clone()
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_beside_good(
        dir.path(),
        "latin1.md",
        b"---\ntitle: Caf\xe9 knees\n---\nBody\n",
    );
    let d = assert_unreadable(&report, "latin1.md", "not valid UTF-8");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11))
    );
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_beside_good(
        dir.path(),
        "photo.md",
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
    );
    assert_unreadable(&report, "photo.md", "binary");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_beside_good(dir.path(), "empty.txt", b"  \n\n");
    assert_unreadable(&report, "empty.txt", "empty");
}

#[test]
fn bom_before_front_matter_is_read_and_not_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        "\u{feff}---\ntitle: Hip pain\nreferences:\n  - url: https://example.org/hip\n---\nBody\n";
    let report = check_beside_good(dir.path(), "bom.md", text.as_bytes());
    assert_eq!(codes_for(&report, "bom.md"), ["HL201"]);
    let d = finding(&report, "bom.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(5))
    );
    // A finding on line 1 does not count the BOM as a column.
    let report = check_beside_good(
        dir.path(),
        "bom.md",
        "\u{feff}---\nreferences: []\n---\n".as_bytes(),
    );
    let d = finding(&report, "bom.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn crlf_line_ends_are_one_line_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string("fixtures/rules/HL201_missing-access-date.txt")
        .expect("fixture")
        .replace('\n', "\r\n");
    let report = check_beside_good(dir.path(), "crlf.txt", text.as_bytes());
    assert_eq!(codes_for(&report, "crlf.txt"), ["HL201"]);
    let d = finding(&report, "crlf.txt");
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_line"].as_u64()
        ),
        (Some(4), Some(1), Some(5))
    );
}

#[test]
fn unterminated_front_matter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_beside_good(
        dir.path(),
        "open.md",
        b"---\ntitle: Knee pain\n\n# Knee pain\n",
    );
    let d = assert_unreadable(&report, "open.md", "never closed");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn malformed_yaml_points_at_the_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = check_beside_good(
        dir.path(),
        "yaml.md",
        b"---\ntitle: Knee pain\nauthors: [Ana, Ben\n---\nBody\n",
    );
    let d = assert_unreadable(&report, "yaml.md", "not valid YAML");
    assert!(
        d["line"].as_u64().is_some_and(|l| (3..=4).contains(&l)),
        "{d:#}"
    );
}

#[test]
fn yaml_alias_bomb() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut yaml = String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    yaml.push_str("---\nBody\n");
    let report = check_beside_good(dir.path(), "bomb.md", yaml.as_bytes());
    assert_unreadable(&report, "bomb.md", "alias bomb");
}

#[test]
fn deeply_nested_yaml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut yaml = String::from("---\n");
    for depth in 0..200 {
        yaml.push_str(&format!("{}level{depth}:\n", " ".repeat(depth)));
    }
    yaml.push_str("---\nBody\n");
    let report = check_beside_good(dir.path(), "deep.md", yaml.as_bytes());
    assert_unreadable(&report, "deep.md", "nested");
    let flow = format!(
        "---\ntitle: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let report = check_beside_good(dir.path(), "deep.md", flow.as_bytes());
    assert_unreadable(&report, "deep.md", "YAML");
}

#[test]
fn fifty_megabyte_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "Gentle walking helps most people with back pain recover sooner.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    let report = check_beside_good(dir.path(), "huge.txt", big.as_bytes());
    assert_unreadable(&report, "huge.txt", "MiB");
}

#[test]
fn deeply_nested_markdown_body_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = format!("# Deep\n\n{}text\n", "> ".repeat(20_000));
    let report = check_beside_good(dir.path(), "quotes.md", body.as_bytes());
    assert_eq!(codes_for(&report, "quotes.md"), ["HL104"]);
}

#[test]
fn a_path_that_cannot_be_read_is_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let looped = dir.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).expect("symlink");
    let (code, report) = check_json(&[
        looped.to_str().expect("utf-8"),
        "fixtures/articles/neck-pain.md",
    ]);
    assert_eq!(code, 1);
    assert_eq!(codes_for(&report, "loop"), ["HL103"]);
    assert!(codes_for(&report, "neck-pain.md").is_empty());
}

#[test]
fn a_directory_without_read_permission_is_a_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::write(locked.join("a.md"), "# A\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: permissions do not stop reading, so there is nothing to observe.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        return;
    }
    let (code, report) = check_json(&[dir.path().to_str().expect("utf-8")]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(code, 1);
    assert_eq!(codes_for(&report, "locked"), ["HL103"]);
}

#[test]
fn a_label_with_unbalanced_asterisks_is_read_not_a_crash() {
    let out = healthlint()
        .args(["check", "--stdin-filename", "t.md", "-"])
        .write_stdin("# Back pain\n\n- ********squats: b\n- ***walking::\n")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
