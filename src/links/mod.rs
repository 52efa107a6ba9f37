//! Live link checking, as a typed pipeline: which URLs may be checked and how politely
//! (`policy.rs`, pure), and what became of each (`status.rs`, pure). The network client, the
//! cache and the `links` command build on these.

pub mod policy;
pub mod status;
