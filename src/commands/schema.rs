//! `healthlint schema`: the built-in article schema, to copy and adapt.

use super::SUCCESS;
use std::io::Write;

pub fn run() -> Result<i32, String> {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(crate::schema::BUILT_IN.as_bytes());
    Ok(SUCCESS)
}
