//! `healthlint dump FILE`: the article document that the schema validates, as pretty JSON.

use super::{FINDINGS, Output, SUCCESS};
use crate::config::Settings;
use crate::report::{self, Summary};
use crate::{engine, schema, walk};
use std::io::Write;
use std::time::Duration;

pub fn run(file: &str, settings: &Settings, output: &Output) -> Result<i32, String> {
    let inputs = walk::collect(&[file.to_string()], settings.stdin_filename.as_deref())
        .map_err(|e| e.to_string())?;
    let [input] = inputs.as_slice() else {
        return Err(format!(
            "{file}: dump takes one article file, not a directory"
        ));
    };
    match engine::load(input) {
        Ok(parsed) => {
            let lexicon = settings.lexicon();
            let advice = crate::advice::analyse(&parsed.article, &lexicon);
            let document = schema::project(
                &parsed.article,
                settings.date_order,
                schema::AdviceFields::All(&advice, &lexicon),
            );
            let text = serde_json::to_string_pretty(&document.value).map_err(|e| e.to_string())?;
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{text}");
            Ok(SUCCESS)
        }
        Err(report) => {
            let reports = [report];
            let summary = Summary::of(&reports, Duration::ZERO);
            let mut human = output.human;
            human.quiet = true;
            eprint!("{}", report::human::render(&reports, &summary, None, human));
            Ok(FINDINGS)
        }
    }
}
