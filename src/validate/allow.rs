//! Suppression: `allow: [code, …]` on a claim or at the top of the map silences those
//! warnings for that claim or for the whole map, the way `#[allow(…)]` does in Rust and
//! `# noqa` in ruff.
//!
//! Only warnings can be allowed: an error (an uncited claim, a quote not in its source) is a
//! fact about the map that no comment can make true. An allow that names an unknown code is a
//! `schema` error with a did-you-mean; one that silences nothing is `unused-allow`, so stale
//! suppressions do not pile up.

use super::{edits, shown};
use crate::diagnostic::{Code, Diagnostic, Fix, Severity, did_you_mean};
use crate::model::{Located, Map};

/// One `allow:` list: whose it is, and its entries.
struct List<'a> {
    owner: Option<&'a str>,
    entries: &'a [Located<String>],
}

/// Removes the warnings the map's `allow:` lists silence from `found`, and adds the findings
/// about the lists themselves.
pub(super) fn apply(map: &Map, found: &mut Vec<Diagnostic>) {
    let lists = std::iter::once(List {
        owner: None,
        entries: &map.allow,
    })
    .chain(map.claims.iter().map(|c| List {
        owner: Some(c.id.value.as_str()),
        entries: &c.allow,
    }));
    let mut extra = Vec::new();
    let mut allowed: Vec<(Option<&str>, Code, &Located<String>, bool)> = Vec::new();
    for list in lists {
        for entry in list.entries {
            match checked_code(map, list.owner, entry) {
                Ok(code) => allowed.push((list.owner, code, entry, false)),
                Err(d) => extra.push(*d),
            }
        }
    }
    if allowed.is_empty() && extra.is_empty() {
        return;
    }
    found.retain(|d| {
        if d.severity != Severity::Warning {
            return true;
        }
        let mut silenced = false;
        for (owner, code, _, used) in allowed.iter_mut() {
            let applies = match owner {
                None => true,
                Some(id) => d.subject.claim() == Some(*id),
            };
            if *code == d.code && applies {
                *used = true;
                silenced = true;
            }
        }
        !silenced
    });
    for (owner, code, entry, used) in allowed {
        if !used {
            extra.push(unused(map, owner, code, entry));
        }
    }
    found.extend(extra);
}

/// The code an `allow:` entry names, or the `schema` error that it names none that can be
/// allowed.
fn checked_code(
    map: &Map,
    owner: Option<&str>,
    entry: &Located<String>,
) -> Result<Code, Box<Diagnostic>> {
    let name = entry.value.trim();
    let place = |message: String| {
        let d = Diagnostic::new(Code::Schema, &map.path, Some(entry.span), message)
            .key(["allow", name]);
        match owner {
            Some(id) => d.on_claim(id),
            None => d,
        }
    };
    let warnings = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Warning && **c != Code::UnusedAllow)
        .map(|c| c.as_str());
    match name.parse::<Code>() {
        Ok(Code::UnusedAllow) => Err(Box::new(
            place("`unused-allow` cannot be allowed".to_string())
                .label("it would only ever report itself")
                .help("remove the allow entry that silences nothing instead"),
        )),
        Ok(code) if code.severity() == Severity::Warning => Ok(code),
        Ok(code) => Err(Box::new(
            place(format!("`{code}` is an error and cannot be allowed"))
                .label("errors cannot be silenced")
                .help("fix the map instead; only warnings can be allowed"),
        )),
        Err(()) => {
            let help = match did_you_mean(name, warnings.clone()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the warnings that can be allowed: {}",
                    warnings.collect::<Vec<_>>().join(", ")
                ),
            };
            Err(Box::new(
                place(format!("unknown code `{}` in `allow`", shown(name)))
                    .label("no such warning")
                    .help(help),
            ))
        }
    }
}

fn unused(map: &Map, owner: Option<&str>, code: Code, entry: &Located<String>) -> Diagnostic {
    let whose = match owner {
        Some(id) => format!("claim `{}`", shown(id)),
        None => "the map".to_string(),
    };
    let d = Diagnostic::new(
        Code::UnusedAllow,
        &map.path,
        Some(entry.span),
        format!("`allow: [{code}]` on {whose} silences nothing"),
    )
    .key([code.as_str()])
    .label(format!("no `{code}` warning here"))
    .help("remove it; the warning it was for is gone")
    .fixes(
        edits::remove_list_entry(map, entry.span)
            .map(|edit| Fix::safe(format!("remove `{code}` from `allow`"), vec![edit])),
    );
    match owner {
        Some(id) => d.on_claim(id),
        None => d,
    }
}
