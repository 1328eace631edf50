//! Semantic diff of two maps (being written).
