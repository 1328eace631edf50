//! Re-serialises an SVG diagram through an allowlist before it is pasted into the HTML page.
//!
//! The SVG comes from our own engines, but it carries claim texts and ids, which are hostile
//! input; and Graphviz is an external program whose output we do not control. Rather than trust
//! its escaping, the page only embeds what this module rebuilds: elements from a drawing-only
//! allowlist, attributes without event handlers or styles, links that stay inside the page, and
//! text in which `<` cannot occur. Anything unparseable is dropped, never passed through.

/// Elements a diagram may use. Everything else (script, foreignObject, style, animation,
/// image, iframe…) is removed together with its content.
const ALLOWED_ELEMENTS: &[&str] = &[
    "a",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "g",
    "line",
    "linearGradient",
    "marker",
    "path",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "svg",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
];

/// Returns `svg` rebuilt from its allowed parts (see the module docs).
pub fn sanitize_svg(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    // Depth inside a removed element: its whole subtree is skipped.
    let mut skipping = 0usize;
    // Open allowed elements, so that stray or mismatched end tags can be dropped.
    let mut open: Vec<&str> = Vec::new();
    // The input is cut only where `split_once` and `strip_prefix` found a delimiter, never at a
    // computed byte offset, so no cut can fall inside a multi-byte character.
    let mut rest = svg;
    while !rest.is_empty() {
        let Some((text, markup)) = rest.split_once('<') else {
            if skipping == 0 && !open.is_empty() {
                out.push_str(&escape_text(rest));
            }
            break;
        };
        if skipping == 0 && !open.is_empty() {
            out.push_str(&escape_text(text));
        }
        // `markup` is what follows the `<`.
        if let Some(after) = markup.strip_prefix("!--") {
            rest = after.split_once("-->").map_or("", |(_, tail)| tail);
        } else if let Some(after) = markup.strip_prefix("![CDATA[") {
            let (content, tail) = after.split_once("]]>").unwrap_or((after, ""));
            if skipping == 0 && !open.is_empty() {
                out.push_str(&escape_text_raw(content));
            }
            rest = tail;
        } else if markup.starts_with(['?', '!']) {
            rest = skip_declaration(markup);
        } else if let Some(after) = markup.strip_prefix('/') {
            let Some((name, tail)) = after.split_once('>') else {
                break;
            };
            let name = name.trim();
            rest = tail;
            if skipping > 0 {
                skipping -= 1;
            } else if open.last() == Some(&name) {
                open.pop();
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        } else {
            let Some((tag, after)) = parse_tag(markup) else {
                break;
            };
            rest = after;
            if skipping > 0 {
                if !tag.self_closing {
                    skipping += 1;
                }
                continue;
            }
            let Some(&name) = ALLOWED_ELEMENTS.iter().find(|&&n| n == tag.name) else {
                if !tag.self_closing {
                    skipping = 1;
                }
                continue;
            };
            if open.is_empty() && name != "svg" {
                // Content before the root element is not part of the drawing.
                if !tag.self_closing {
                    skipping = 1;
                }
                continue;
            }
            out.push('<');
            out.push_str(name);
            for (key, value) in tag.attributes {
                if keep_attribute(key, &value) {
                    out.push(' ');
                    out.push_str(key);
                    out.push_str("=\"");
                    out.push_str(&escape_attribute(&value));
                    out.push('"');
                }
            }
            if tag.self_closing {
                out.push_str("/>");
            } else {
                out.push('>');
                open.push(name);
            }
        }
    }
    // Close what a truncated input left open, so the page after the diagram parses normally.
    while let Some(name) = open.pop() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

/// Skips `?…?>` or `!…>`, the rest of a declaration after its `<` (a DOCTYPE may contain a
/// bracketed internal subset), and returns what follows it.
fn skip_declaration(markup: &str) -> &str {
    let mut depth = 0usize;
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return chars.as_str(),
            _ => {}
        }
    }
    ""
}

struct Tag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, String)>,
    self_closing: bool,
}

/// Parses `name attr="v" …>` (the text after `<`); `None` when malformed.
fn parse_tag(s: &str) -> Option<(Tag<'_>, &str)> {
    let (name, mut rest) = split_before(s, |c| c.is_whitespace() || c == '>' || c == '/')?;
    if name.is_empty() || !name.chars().all(is_name_char) {
        return None;
    }
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            let tag = Tag {
                name,
                attributes,
                self_closing: true,
            };
            return Some((tag, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            let tag = Tag {
                name,
                attributes,
                self_closing: false,
            };
            return Some((tag, after));
        }
        let (key, after_key) = split_before(rest, |c| !is_name_char(c))?;
        if key.is_empty() {
            return None;
        }
        rest = after_key.trim_start().strip_prefix('=')?.trim_start();
        let mut chars = rest.chars();
        let quote = chars.next().filter(|&c| c == '"' || c == '\'')?;
        let (raw, after_value) = chars.as_str().split_once(quote)?;
        if raw.contains('<') {
            return None;
        }
        attributes.push((key, decode_entities(raw)));
        rest = after_value;
    }
}

/// Splits `s` before the first char matching `pattern`; `None` when none does.
fn split_before(s: &str, pattern: impl Fn(char) -> bool) -> Option<(&str, &str)> {
    // `find` returns the start of a char, so the split cannot fail; `split_at_checked` says so
    // without a panic path.
    s.find(pattern).and_then(|at| s.split_at_checked(at))
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

/// Event handlers and styles go (styles would need `'unsafe-inline'` in the page's CSP); links
/// may only point inside the page.
fn keep_attribute(key: &str, value: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("on") || lower == "style" || lower.starts_with("xmlns") {
        return false;
    }
    if lower == "href" || lower.ends_with(":href") || lower == "src" {
        return value.starts_with('#');
    }
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(squashed.contains("javascript:") || squashed.contains("url(") && !squashed.contains("url(#"))
}

/// Decodes the XML entities and character references in an attribute value, so that the value
/// is checked (and re-escaped) as the browser would read it.
fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some((before, after_amp)) = rest.split_once('&') {
        out.push_str(before);
        rest = after_amp;
        let Some((entity, after_entity)) = split_reference(after_amp) else {
            out.push('&');
            continue;
        };
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after_entity;
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// Text between tags: entities are kept as written (they are valid in HTML too), a bare `&`
/// that starts no entity is escaped, and `>` is escaped for good measure.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' if starts_entity_after_amp(chars.as_str()) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// CDATA content is literal: every special character is escaped.
fn escape_text_raw(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Splits the text after a `&` into the body of a character reference and what follows its
/// `;`: `amp;rest` gives `("amp", "rest")`. The `;` is looked for among the first bytes only
/// (references are short, and a long run of `&` without one must stay linear), and among bytes,
/// not chars; the cut goes through `split_at_checked`: a fixed-width `str` slice panicked twice
/// here, on `&aaaaaaaaaaé` and `&#45;fails · 3`, where a multi-byte char straddles the cut.
fn split_reference(after_amp: &str) -> Option<(&str, &str)> {
    // At most 12 bytes from the `&` to the `;`, both included.
    const LONGEST_BODY: usize = 10;
    let semi = after_amp
        .bytes()
        .take(LONGEST_BODY + 1)
        .position(|b| b == b';')?;
    let (body, semi_and_rest) = after_amp.split_at_checked(semi)?;
    Some((body, semi_and_rest.strip_prefix(';')?))
}

/// Whether `s` (which starts with `&`) starts a character reference like `&amp;`, `&#45;` or
/// `&#x2d;`.
#[cfg(test)]
fn starts_entity(s: &str) -> bool {
    s.strip_prefix('&').is_some_and(starts_entity_after_amp)
}

/// Whether the text after a `&` is the rest of a character reference (see `starts_entity`).
fn starts_entity_after_amp(after_amp: &str) -> bool {
    let Some((body, _)) = split_reference(after_amp) else {
        return false;
    };
    let numeric = |n: &str| match n.strip_prefix(['x', 'X']) {
        Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
        None => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
    };
    !body.is_empty()
        && (body.chars().all(|c| c.is_ascii_alphanumeric())
            || body.strip_prefix('#').is_some_and(numeric))
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_decoding_panicked_on_a_multibyte_char_twelve_bytes_after_an_ampersand() {
        let svg = "<svg><g id=\"a\"><title>t</title><a xlink:title=\"&aaaaaaaaaa\u{e9}\"><text>x</text></a></g></svg>";
        let clean = sanitize_svg(svg);
        assert!(clean.contains("&amp;aaaaaaaaaa\u{e9}"), "{clean}");
    }

    #[test]
    fn entity_probe_panicked_on_a_multibyte_char_after_an_entity() {
        // Graphviz writes `&#45;` for `-`; the ` · ` of the evidence badge follows it closely.
        assert_eq!(
            escape_text("&#45;fails · 3 quotes"),
            "&#45;fails · 3 quotes"
        );
        assert_eq!(escape_text("&é·é·é·é·é·é"), "&amp;é·é·é·é·é·é");
        assert!(starts_entity("&#x2D;"));
        assert!(!starts_entity("&#xZZ;"));
        assert!(!starts_entity("&#;"));
        assert!(!starts_entity("& b;"));
    }

    #[test]
    fn keeps_a_graphviz_drawing() {
        let svg = r##"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz -->
<svg width="112pt" viewBox="0 0 112 188" xmlns="http://www.w3.org/2000/svg">
<g id="claim&#45;a" class="node claim"><title>a</title>
<polygon fill="none" points="1,2 3,4"/>
<text x="52">A &amp; &quot;b&quot; &lt;i&gt;</text></g></svg>"##;
        let clean = sanitize_svg(svg);
        assert!(
            clean.starts_with("<svg width=\"112pt\" viewBox=\"0 0 112 188\">"),
            "{clean}"
        );
        assert!(
            clean.contains(r#"<g id="claim-a" class="node claim">"#),
            "{clean}"
        );
        assert!(
            clean.contains("A &amp; &quot;b&quot; &lt;i&gt;</text></g></svg>"),
            "{clean}"
        );
        assert!(!clean.contains("<!"), "{clean}");
    }

    #[test]
    fn strips_scripts_handlers_foreign_objects_and_outside_links() {
        let svg = r##"<svg onload="alert(1)"><script>alert(2)</script>
<foreignObject><div><img src="x" onerror="alert(3)"/></div></foreignObject>
<a href="javascript:alert(4)"><text ONCLICK='alert(5)' style="x">t</text></a>
<a xlink:href="#claim-b"><rect fill="url(https://evil/)"/></a>
<set attributeName="href" to="javascript:alert(6)"/><image href="https://x/y.png"/></svg>"##;
        let clean = sanitize_svg(svg);
        for bad in [
            "alert",
            "script",
            "foreignObject",
            "img",
            "onclick",
            "style",
            "https",
            "<set",
            "<image",
        ] {
            assert!(
                !clean.to_lowercase().contains(&bad.to_lowercase()),
                "{bad} in {clean}"
            );
        }
        assert!(
            clean.contains(r##"<a xlink:href="#claim-b"><rect/></a>"##),
            "{clean}"
        );
    }

    #[test]
    fn truncated_or_malformed_svg_cannot_swallow_the_page() {
        for svg in [
            "<svg><g><text>a",
            "<svg><g id=\"x",
            "<svg><g></svg>",
            "<svg><text>a<b</text></svg>",
        ] {
            let clean = sanitize_svg(svg);
            assert!(clean.ends_with("</svg>"), "{svg} -> {clean}");
            assert!(!clean.contains("<b"), "{svg} -> {clean}");
        }
    }

    #[test]
    fn text_outside_the_root_element_is_dropped() {
        assert_eq!(sanitize_svg("hello <b>x</b><svg/>"), "<svg/>");
    }
}
