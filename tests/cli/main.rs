//! The one integration test binary: drives the real `claimgraph` binary over fixture folders
//! in `tests/fixtures/<case>/` (a `claims.yaml` and a `corpus/`).

mod build;
mod check;
mod diff;
mod first_hour;
mod fix;
mod formats;
mod hostile;
mod html;
mod init;
mod mermaid;
mod own_map;
mod readme;
mod render;
mod support;
