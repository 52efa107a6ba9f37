//! `healthlint init`: writes a commented starter `.healthlint.yaml` in the working directory,
//! refusing to replace one that exists unless `--force` is given.

use super::SUCCESS;
use crate::config::{self, FILE_NAME};
use std::path::Path;

pub fn run(force: bool) -> Result<i32, String> {
    let path = Path::new(FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{FILE_NAME} already exists; pass --force to replace it with the starter file"
        ));
    }
    std::fs::write(path, config::starter())
        .map_err(|e| format!("cannot write {FILE_NAME}: {e}"))?;
    println!("wrote {FILE_NAME}: every setting is listed there at its default");
    Ok(SUCCESS)
}
