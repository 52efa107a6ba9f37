//! Documentation that must not drift from the code.

mod common;
use common::healthlint;

#[test]
fn docs_rules_md_is_generated_from_the_rule_docs() {
    let out = healthlint()
        .args(["rules", "--markdown"])
        .output()
        .expect("runs");
    let generated = String::from_utf8(out.stdout).expect("utf-8");
    let committed = std::fs::read_to_string("docs/rules.md").expect("docs/rules.md");
    assert!(
        generated == committed,
        "docs/rules.md is out of date: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn explain_works_for_every_rule_by_code_and_name() {
    let list = healthlint().arg("rules").output().expect("runs");
    let list = String::from_utf8(list.stdout).expect("utf-8");
    let mut count = 0;
    for line in list.lines() {
        let mut words = line.split_whitespace();
        let (Some(code), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        for key in [code, name, &code.to_lowercase()] {
            let out = healthlint().args(["explain", key]).output().expect("runs");
            assert_eq!(out.status.code(), Some(0), "explain {key}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.starts_with(&format!("{code} {name}")), "{text}");
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(text.contains(section), "{code} lacks {section}");
            }
        }
        count += 1;
    }
    assert!(count >= 13, "{list}");
    healthlint().args(["explain", "HL999"]).assert().code(2);
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    for line in String::from_utf8(healthlint().arg("rules").output().expect("runs").stdout)
        .expect("utf-8")
        .lines()
    {
        let code = line.split_whitespace().next().unwrap_or_default();
        assert!(
            readme.contains(&format!("| {code} |")),
            "README.md does not list {code}"
        );
    }
}

#[test]
fn the_readme_configuration_example_loads() {
    let readme = std::fs::read_to_string("README.md").expect("README");
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = start + section[start..].find("```").expect("the block ends");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".healthlint.yaml"), &section[start..end]).expect("write");
    // The example names a house schema; the built-in one stands in for it.
    let schema = healthlint().arg("schema").output().expect("runs").stdout;
    std::fs::write(dir.path().join("house.schema.json"), schema).expect("write");
    std::fs::write(dir.path().join("a.md"), "---\ntitle: A\nreferences:\n  - title: T\n    url: https://example.org/a\n    accessed: 2025-06-01\n---\n\nRest.\n").expect("write");
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .output()
        .expect("runs");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
