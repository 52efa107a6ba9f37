//! The real binary end to end: exit codes, the JSON contract, stdin, dump and schema.

mod common;
use common::{check_json, codes_for, healthlint};
use serde_json::Value;

#[test]
fn bundled_articles_report_exactly_the_drafts_problems() {
    let (code, report) = check_json(&["fixtures/articles"]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "healthlint");
    assert_eq!(report["files"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        codes_for(&report, "hip-bursitis-draft.md"),
        ["HL201", "HL101", "HL301"]
    );
    assert_eq!(codes_for(&report, "shin-splints-draft.txt"), ["HL104"]);
    for clean in [
        "ankle-sprain.md",
        "knee-osteoarthritis.txt",
        "neck-pain.md",
        "plantar-fasciitis.md",
        "rotator-cuff.txt",
        "tennis-elbow.txt",
    ] {
        assert!(
            codes_for(&report, clean).is_empty(),
            "{clean}: {:?}",
            codes_for(&report, clean)
        );
    }
    assert_eq!(report["summary"]["errors"], 4);
    assert_eq!(report["links"], Value::Array(vec![]));
}

#[test]
fn json_positions_are_one_based_character_columns() {
    let (_, report) = check_json(&["fixtures/rules/HL101_schema-violation.md"]);
    let diags = report["diagnostics"].as_array().expect("array");
    // `published: 2025-02-30` on line 3: the value starts at character 12.
    let date = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("2025-02-30"))
        })
        .expect("date finding");
    assert_eq!(
        (date["line"].as_u64(), date["column"].as_u64()),
        (Some(3), Some(12))
    );
    assert_eq!(
        (date["end_line"].as_u64(), date["end_column"].as_u64()),
        (Some(3), Some(22))
    );
    // The reference without a URL is underlined from its first key, after non-ASCII text above.
    let url = diags
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("`url`")))
        .expect("url finding");
    assert_eq!(
        (url["line"].as_u64(), url["column"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(url["labels"][0]["message"], "`url` is missing here");
    assert_eq!(url["rule"], "schema-violation");
    assert_eq!(url["severity"], "error");
}

#[test]
fn clean_article_exits_zero_and_fail_on_never_ignores_findings() {
    healthlint()
        .args(["check", "fixtures/articles/neck-pain.md"])
        .assert()
        .code(0);
    healthlint()
        .args(["check", "--fail-on", "never", "fixtures/articles"])
        .assert()
        .code(0);
    healthlint()
        .args([
            "check",
            "--fail-on",
            "warning",
            "fixtures/articles/shin-splints-draft.txt",
        ])
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_two_and_say_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("notes.docx");
    std::fs::write(&docx, "not an article").expect("write");
    let out = healthlint().arg("check").arg(&docx).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Markdown (.md, .markdown) and plain text (.txt)"),
        "{stderr}"
    );

    let out = healthlint()
        .args(["check", "no/such/dir"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir: no such file"));

    healthlint()
        .args(["check", "--today", "19/07/2025", "fixtures"])
        .assert()
        .code(2);
    healthlint()
        .args(["check", "--fail-on", "sometimes", "fixtures"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_schema_file_is_a_tool_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text, problem) in [
        ("broken.json", "{ not json", "not valid JSON"),
        (
            "bad.json",
            r#"{"type": "nonsense", "minItems": -1}"#,
            "not a valid JSON Schema",
        ),
    ] {
        let schema = dir.path().join(name);
        std::fs::write(&schema, text).expect("write");
        let out = healthlint()
            .args(["check", "--schema"])
            .arg(&schema)
            .arg("fixtures/articles")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(name) && stderr.contains(problem),
            "{stderr}"
        );
    }
}

#[test]
fn a_custom_schema_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("house.json");
    std::fs::write(
        &schema,
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["authors"]}"#,
    )
    .expect("write");
    let (code, report) = check_json(&[
        "--schema",
        schema.to_str().expect("utf-8"),
        "fixtures/articles/neck-pain.md",
        "fixtures/articles/tennis-elbow.txt",
    ]);
    assert_eq!(code, 1);
    assert!(
        codes_for(&report, "neck-pain.md").is_empty(),
        "neck-pain has authors"
    );
    assert_eq!(codes_for(&report, "tennis-elbow.txt"), ["HL101"]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["message"], "the article has no `authors`");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}

/// With the advice rules (HL302–HL304) off, `check` skips the exercise-advice analysis, but
/// not when the schema reads what it finds: the conditions or the exercise mentions.
#[test]
fn a_schema_reading_the_advice_analysis_gets_it_with_the_advice_rules_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("no-advice.yaml");
    std::fs::write(
        &config,
        "rules:\n  HL302: off\n  HL303: off\n  HL304: off\n",
    )
    .expect("write");
    let schema = |name: &str, field: &str| {
        let path = dir.path().join(name);
        let text = format!(
            r#"{{"type": "object", "properties": {{"advice": {{"type": "object", "required": ["{field}"], "properties": {{"{field}": {{"type": "array", "minItems": 1}}}}}}}}}}"#
        );
        std::fs::write(&path, text).expect("write");
        path
    };
    for (file, field) in [
        ("conditions.json", "conditions"),
        ("exercises.json", "exercises"),
    ] {
        let schema = schema(file, field);
        let (code, report) = check_json(&[
            "--config",
            config.to_str().expect("utf-8"),
            "--schema",
            schema.to_str().expect("utf-8"),
            "fixtures/articles/neck-pain.md",
        ]);
        assert_eq!(code, 0, "{field}: {report}");
    }
    // The same schemas fail an article that names no condition and no exercise.
    let bare = dir.path().join("bare.md");
    std::fs::write(&bare, "# Paperwork\n\nForms are due on Friday.\n").expect("write");
    let schema = schema("conditions.json", "conditions");
    let (code, report) = check_json(&[
        "--config",
        config.to_str().expect("utf-8"),
        "--schema",
        schema.to_str().expect("utf-8"),
        bare.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(codes_for(&report, "bare.md"), ["HL101"]);
}

#[test]
fn stdin_takes_its_name_and_format_from_stdin_filename() {
    let text =
        std::fs::read_to_string("fixtures/rules/HL201_missing-access-date.txt").expect("fixture");
    let out = healthlint()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "pasted.txt",
            "-",
        ])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["files"][0]["path"], "pasted.txt");
    assert_eq!(report["files"][0]["format"], "text");
    assert_eq!(codes_for(&report, "pasted.txt"), ["HL201"]);
}

#[test]
fn directory_walk_respects_gitignore_and_skips_other_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::copy("fixtures/articles/neck-pain.md", root.join("kept.md")).expect("copy");
    std::fs::create_dir(root.join("drafts")).expect("mkdir");
    std::fs::copy(
        "fixtures/articles/shin-splints-draft.txt",
        root.join("drafts/ignored.txt"),
    )
    .expect("copy");
    std::fs::write(root.join(".gitignore"), "drafts/\n").expect("write");
    std::fs::write(root.join("image.png"), [0x89, b'P', b'N', b'G', 0]).expect("write");
    let (code, report) = check_json(&[root.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    let files: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("kept.md"));
}

#[test]
fn dump_shows_the_article_document() {
    let out = healthlint()
        .args(["dump", "fixtures/articles/knee-osteoarthritis.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["format"], "text");
    assert_eq!(doc["references"][0]["accessed"], "2025-08-14");
    assert_eq!(doc["references"][0]["accessed_text"], "14/08/2025");
    assert_eq!(doc["advice"]["avoid"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        doc["advice"]["avoid"][0]["section"],
        "Exercises and activities to avoid"
    );
}

#[test]
fn schema_command_prints_the_built_in_schema() {
    let out = healthlint().arg("schema").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema,
        serde_json::from_str::<Value>(include_str!("../schemas/article.schema.json"))
            .expect("json")
    );
}

#[test]
fn human_output_has_no_colour_when_not_a_terminal_or_with_no_color() {
    let out = healthlint()
        .args(["check", "fixtures/articles/shin-splints-draft.txt"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    let out = healthlint()
        .args([
            "check",
            "--color",
            "always",
            "fixtures/articles/shin-splints-draft.txt",
        ])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn quiet_drops_the_summary_line() {
    let out = healthlint()
        .args(["check", "--quiet", "fixtures/articles/neck-pain.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
