//! The one integration test binary: drives the real `claimgraph` binary over fixture folders
//! in `tests/fixtures/<case>/` (a `claims.yaml` and a `corpus/`).
// The package's `[lints]` apply here too. The tests slice outputs and fixtures at offsets
// they found themselves (`find` of ASCII markers): a panic there is a failing test, not a
// user's crash.
#![allow(
    clippy::string_slice,
    reason = "tests slice their own ASCII fixtures; a panic there is a failing test, not a user's crash"
)]

mod analyze;
mod build;
mod check;
mod diff;
mod export;
mod first_hour;
mod fix;
mod formats;
mod hostile;
mod html;
mod import;
mod init;
mod lsp;
mod mermaid;
mod nvim;
mod own_map;
mod readme;
mod render;
mod reports;
mod roundtrip;
mod serve;
mod support;
