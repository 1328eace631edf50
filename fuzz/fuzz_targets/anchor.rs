//! Quote anchoring: an arbitrary quote against an arbitrary text.
//!
//! Besides "never panics", every reported range must lie in the text on character boundaries,
//! and a quote cut out of an ASCII text (without elision marks) must be found.
#![no_main]

use claimgraph::internals::find;
use claimgraph::model::AnchorResult;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String, u16, u16)| {
    let (text, quote, a, b) = input;
    check(&text, &quote);
    if text.is_ascii() && !text.is_empty() {
        let (a, b) = (a as usize % text.len(), b as usize % text.len());
        let (a, b) = (a.min(b), a.max(b) + 1);
        let cut = &text[a..b.min(text.len())];
        let result = check(&text, cut);
        let elided = cut.contains("...") || cut.contains("[...]");
        let blank = cut.split_whitespace().next().is_none();
        if !elided && !blank {
            assert!(
                matches!(result, AnchorResult::Found(_)),
                "substring {cut:?} of {text:?} not found: {result:?}"
            );
        }
    }
});

fn check(text: &str, quote: &str) -> AnchorResult {
    let result = find(text, quote);
    if let AnchorResult::Found(anchor) = &result {
        assert!(anchor.start <= anchor.end && anchor.end <= text.len());
        assert!(text.is_char_boundary(anchor.start) && text.is_char_boundary(anchor.end));
        for f in &anchor.fragments {
            assert!(f.start <= f.end && f.end <= text.len());
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        }
        let _ = claimgraph::context(text, anchor, 80);
    }
    result
}
