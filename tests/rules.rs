//! One snapshot per rule fixture: the exact text an editor sees (width 100, no colour).

mod common;
use common::{healthlint, stable};

fn human(path: &str) -> String {
    let out = healthlint()
        .args(["check", "--color", "never", path])
        .output()
        .expect("runs");
    stable(&String::from_utf8_lossy(&out.stdout))
}

/// Live link rules, run where they need no network: names under `.invalid` never resolve
/// (RFC 6761) and private addresses are refused before any connection.
fn links(path: &str) -> String {
    let out = healthlint()
        .args(["links", "--no-cache", "--color", "never", path])
        .output()
        .expect("runs");
    stable(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn hl401_broken_link() {
    insta::assert_snapshot!(links("fixtures/rules/HL401_broken-link.md"));
}

#[test]
fn hl407_excluded_link() {
    insta::assert_snapshot!(links("fixtures/rules/HL407_excluded-link.md"));
}

macro_rules! snapshot {
    ($name:ident, $path:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(human($path));
        }
    };
}

snapshot!(
    hl101_schema_violation,
    "fixtures/rules/HL101_schema-violation.md"
);
snapshot!(
    hl102_missing_title_md,
    "fixtures/rules/HL102_missing-title.md"
);
snapshot!(
    hl102_missing_title_txt,
    "fixtures/rules/HL102_missing-title.txt"
);
snapshot!(
    hl104_missing_references,
    "fixtures/rules/HL104_missing-references.md"
);
snapshot!(
    hl104_empty_references,
    "fixtures/rules/HL104_empty-references.md"
);
snapshot!(
    hl201_missing_access_date_md,
    "fixtures/rules/HL201_missing-access-date.md"
);
snapshot!(
    hl201_missing_access_date_txt,
    "fixtures/rules/HL201_missing-access-date.txt"
);
snapshot!(
    hl301_missing_avoid_list,
    "fixtures/rules/HL301_missing-avoid-list.md"
);
snapshot!(
    hl301_avoid_list_present,
    "fixtures/rules/HL301_avoid-list-present.md"
);
snapshot!(hl202_invalid_date, "fixtures/rules/HL202_invalid-date.txt");
snapshot!(
    hl203_ambiguous_date,
    "fixtures/rules/HL203_ambiguous-date.txt"
);
snapshot!(hl204_future_date, "fixtures/rules/HL204_future-date.md");
snapshot!(
    hl205_stale_reference,
    "fixtures/rules/HL205_stale-reference.md"
);
snapshot!(
    hl206_malformed_url,
    "fixtures/rules/HL206_malformed-url.txt"
);
snapshot!(
    hl207_duplicate_reference,
    "fixtures/rules/HL207_duplicate-reference.md"
);
snapshot!(
    hl208_url_credentials,
    "fixtures/rules/HL208_url-credentials.md"
);

/// Each fixture fires on exactly the entries written to fire, and stays silent on the look-alikes.
#[test]
fn fixtures_fire_only_where_they_should() {
    let cases: &[(&str, &[(&str, u64)])] = &[
        (
            "fixtures/rules/HL202_invalid-date.txt",
            &[("HL202", 6), ("HL202", 9), ("HL202", 12), ("HL202", 18)],
        ),
        ("fixtures/rules/HL203_ambiguous-date.txt", &[("HL203", 6)]),
        ("fixtures/rules/HL204_future-date.md", &[("HL204", 6)]),
        ("fixtures/rules/HL205_stale-reference.md", &[("HL205", 6)]),
        (
            "fixtures/rules/HL206_malformed-url.txt",
            &[
                ("HL206", 5),
                ("HL206", 8),
                ("HL206", 11),
                ("HL206", 14),
                ("HL206", 17),
            ],
        ),
        (
            "fixtures/rules/HL207_duplicate-reference.md",
            &[("HL207", 8)],
        ),
        ("fixtures/rules/HL208_url-credentials.md", &[("HL208", 5)]),
    ];
    for (path, expected) in cases {
        let (_, report) = common::check_json(&[path]);
        let got: Vec<(String, u64)> = report["diagnostics"]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_string(),
                    d["line"].as_u64().unwrap_or_default(),
                )
            })
            .collect();
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(c, l)| (c.to_string(), *l)).collect();
        assert_eq!(got, expected, "{path}");
    }
}
snapshot!(
    hl301_avoid_in_prose,
    "fixtures/rules/HL301_avoid-in-prose.md"
);
snapshot!(
    hl301_only_look_alikes,
    "fixtures/rules/HL301_only-look-alikes.txt"
);
snapshot!(
    hl105_malformed_directive,
    "fixtures/rules/HL105_malformed-directive.md"
);
snapshot!(suppression, "fixtures/rules/suppression.md");
snapshot!(
    hl302_contradictory_advice,
    "fixtures/rules/HL302_contradictory-advice.md"
);
snapshot!(
    hl303_unqualified_advice,
    "fixtures/rules/HL303_unqualified-advice.txt"
);
snapshot!(
    hl304_cross_article_contradiction,
    "fixtures/rules/HL304_cross-article-contradiction"
);
