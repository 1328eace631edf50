//! Differential: a map's claims list parsed in pieces on several threads (`load::split`) must
//! give exactly what the whole-file parse gives, or the split must be declined.
//!
//! The pieces are only parsed in parallel for maps of 512 KiB and more, far beyond what the
//! `load` target's inputs reach, so this target calls the split directly on any input: the
//! first byte chooses 2 to 4 pieces, the rest is the map.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&parts, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let parts = 2 + usize::from(parts % 3);
    assert!(
        claimgraph::internals::split_agrees_with_whole(text, parts),
        "split parse differs from the whole parse in {parts} parts:\n{text}"
    );
});
