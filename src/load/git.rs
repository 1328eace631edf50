//! Reading a map as it was at a git revision (being written).
