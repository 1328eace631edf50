//! `claimgraph schema`: the JSON Schema of the map format, from the same types the parser uses.

use anyhow::Result;

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<u8> {
    super::out(&claimgraph::load::json_schema())?;
    Ok(super::EXIT_CLEAN)
}
