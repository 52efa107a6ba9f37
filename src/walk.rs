//! Paths → inputs. Directories are walked with the `ignore` crate (`.gitignore`, `.ignore` and
//! hidden files respected even outside a git repository), keeping the files healthlint can read;
//! a path named explicitly must be one of them. `-` is standard input. A directory that cannot be
//! read becomes an input that reports the problem, so the rest of the run goes on.

use crate::article::Format;
use std::path::{Path, PathBuf};

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File {
        path: PathBuf,
        name: String,
        format: Format,
    },
    Stdin {
        name: String,
        format: Format,
    },
    /// A path that could not be read while walking; reported as HL103.
    Unreadable {
        name: String,
        message: String,
    },
}

impl Input {
    pub fn name(&self) -> &str {
        match self {
            Input::File { name, .. }
            | Input::Stdin { name, .. }
            | Input::Unreadable { name, .. } => name,
        }
    }
}

/// A path the user named that cannot be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    NotFound(String),
    #[error("{0}: healthlint reads {formats}; name a file of one of these kinds", formats = Format::SUPPORTED)]
    UnsupportedFormat(String),
    #[error("standard input (`-`) can be read only once")]
    StdinTwice,
}

/// Expands `paths` into inputs, in a stable order (paths as given, directory entries sorted).
pub fn collect(paths: &[String], stdin_filename: Option<&str>) -> Result<Vec<Input>, WalkError> {
    let mut inputs = Vec::new();
    let mut stdin_used = false;
    for raw in paths {
        if raw == "-" {
            if stdin_used {
                return Err(WalkError::StdinTwice);
            }
            stdin_used = true;
            let name = stdin_filename.unwrap_or("<stdin>.md").to_string();
            let format = Format::from_path(&name)
                .ok_or_else(|| WalkError::UnsupportedFormat(name.clone()))?;
            inputs.push(Input::Stdin { name, format });
            continue;
        }
        let path = Path::new(raw);
        match std::fs::metadata(path) {
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_err() =>
            {
                return Err(WalkError::NotFound(raw.clone()));
            }
            Err(e) => inputs.push(Input::Unreadable {
                name: raw.clone(),
                message: e.to_string(),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut inputs),
            Ok(_) => {
                let format = Format::from_path(raw)
                    .ok_or_else(|| WalkError::UnsupportedFormat(raw.clone()))?;
                inputs.push(Input::File {
                    path: path.to_path_buf(),
                    name: raw.clone(),
                    format,
                });
            }
        }
    }
    Ok(inputs)
}

fn walk_dir(dir: &Path, inputs: &mut Vec<Input>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let name = entry.path().display().to_string();
                if let Some(format) = Format::from_path(&name) {
                    inputs.push(Input::File {
                        path: entry.into_path(),
                        name,
                        format,
                    });
                }
            }
            Err(err) => {
                let name = error_path(&err)
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                inputs.push(Input::Unreadable {
                    name,
                    message: error_message(&err),
                });
            }
        }
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_message(err),
        other => other.to_string(),
    }
}
