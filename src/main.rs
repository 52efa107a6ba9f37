//! The `healthlint` binary: parse arguments, run, exit with the code `run` returns.

use clap::Parser;

fn main() {
    let cli = healthlint::cli::Cli::parse();
    std::process::exit(healthlint::run(cli));
}
