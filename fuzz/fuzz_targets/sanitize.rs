//! The HTML page's SVG sanitiser on arbitrary input.
//!
//! Besides "never panics" (a fixed-width byte slice inside a multi-byte character panicked
//! twice), what comes out must be inert: no script element, no event-handler attribute, no
//! `javascript:` link in a tag, whatever went in.
#![no_main]

use claimgraph::render::html::sanitize_svg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|svg: String| {
    let clean = sanitize_svg(&svg).to_ascii_lowercase();
    assert!(!clean.contains("<script"), "a script survived: {clean}");
    for (at, _) in clean.match_indices("=\"") {
        // An attribute value (inside a tag) must not be a javascript: link; text between tags
        // and attribute names may say anything.
        let value = &clean[at + 2..];
        let value = &value[..value.find('"').unwrap_or(value.len())];
        let link = value.trim_start().starts_with("javascript:");
        assert!(!(link && inside_tag(&clean, at)), "a javascript: link survived: {clean}");
    }
    for (at, _) in clean.match_indices(" on") {
        let name: String = clean[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = &clean[at + 3 + name.len()..];
        assert!(
            !(after.starts_with('=') && !name.is_empty() && inside_tag(&clean, at)),
            "an event handler survived: {clean}"
        );
    }
});

/// Whether byte `at` is inside a tag (after a `<` with no `>` since) and outside its quoted
/// attribute values (an even number of `"` since the `<`).
fn inside_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let Some(open) = before.rfind('<') else {
        return false;
    };
    let closed = before.rfind('>').is_some_and(|close| close > open);
    !closed && before[open..].matches('"').count() % 2 == 0
}
