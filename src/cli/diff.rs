//! `claimgraph diff` (being written).

use anyhow::Result;

use super::Color;

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _color: Color) -> Result<u8> {
    anyhow::bail!("`diff` is not implemented yet")
}
