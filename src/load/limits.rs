//! The documented limits on map files (see `docs/format.md`), and the YAML parser options
//! that enforce them.
//!
//! A module of its own because every part of loading needs them (the file reads in `load`,
//! `corpus`, the whole-file parse in `yaml`, the pieces of a split parse in `split`) and so does
//! `validate`: kept in `yaml`, they made `split` and `yaml` depend on each other.

/// Largest map file read, in bytes.
pub const MAX_MAP_BYTES: u64 = 128 * 1024 * 1024;
/// Deepest nesting of YAML collections.
pub const MAX_DEPTH: usize = 64;
/// Most YAML nodes (scalars, sequences, mappings) in one map file.
pub const MAX_NODES: usize = 20_000_000;
/// Most aliases (`*name`) in one map file.
pub const MAX_ALIASES: usize = 10_000;
/// Largest corpus file read, in bytes.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Longest id, in bytes.
pub const MAX_ID_BYTES: usize = 128;

/// Parser options with these limits; `share` divides the budgets between the parts of a map
/// parsed in pieces (see `split`), so that together they allow no more than the whole file.
pub(crate) fn options(share: usize) -> serde_saphyr::Options {
    let share = share.max(1);
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES / share;
    budget.max_events = MAX_NODES * 2 / share;
    budget.max_aliases = MAX_ALIASES / share;
    budget.max_anchors = MAX_ALIASES / share;
    budget.max_total_scalar_bytes = MAX_MAP_BYTES as usize;
    budget.max_reader_input_bytes = Some(MAX_MAP_BYTES as usize);
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // claimgraph reads YAML 1.2, where `<<` is an ordinary key: merging it in (YAML 1.1)
    // silently added edges from another claim. As a key it is reported as an unknown field.
    options.merge_keys = serde_saphyr::options::MergeKeyPolicy::AsOrdinary;
    options
}
