//! Live link checking, as a typed pipeline: which URLs may be checked and how politely
//! (`policy.rs`, pure), what became of each (`status.rs`, pure), and the network client that
//! asks (`check.rs`). The cache and the `links` command build on these.

pub mod check;
pub mod policy;
pub mod status;
