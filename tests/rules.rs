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
