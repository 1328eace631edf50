//! The map file exactly as written: serde types mirroring `claims.yaml`, with a span on every
//! value a diagnostic may point at. The JSON Schema (`claimgraph schema`) is derived from these
//! same types, so the schema and the parser cannot drift apart.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// A value with its place in the YAML file.
pub type S<T> = Spanned<T>;

/// One entry of a list of ids, tags or codes. A bare `-` or `~` is YAML's null: it is read as
/// an empty entry, reported at its place by the resolver, so one stray dash does not stop the
/// run with a type error.
pub type Entry = S<Option<String>>;

/// A list that may be written with nothing after its key (`tags:`): YAML's null, read as empty.
fn null_is_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// An argument map (`claims.yaml`, format version 1).
#[derive(Debug, Deserialize, JsonSchema)]
// Unknown keys are collected by the loader (see `load::unknown`), not refused by serde, so
// one typo does not hide the rest of the findings; the schema for editors stays strict.
#[schemars(deny_unknown_fields)]
#[schemars(title = "claimgraph argument map")]
pub struct RawMap {
    /// Format version; this claimgraph reads version 1.
    #[schemars(with = "Option<u32>", range(min = 1, max = 1))]
    pub version: Option<S<u32>>,
    /// Title of the map.
    pub title: Option<String>,
    /// Folder of source texts, relative to the map file (default `corpus`).
    #[schemars(with = "Option<String>")]
    pub corpus: Option<S<String>>,
    /// Metadata for corpus files. Every `.txt`/`.md` file in the corpus folder is a source
    /// whose id is its file stem; an entry here adds metadata (or names the file).
    #[serde(default)]
    pub sources: Vec<RawSource>,
    /// Warning codes silenced for the whole map (errors cannot be allowed).
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Entry>,
    /// The map's central question or questions: ids of claims (the HTML page opens on the
    /// first; `analyze` reports on each).
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Entry>,
    /// The claims of the map.
    pub claims: Vec<RawClaim>,
}

/// Metadata of one source text.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSource {
    /// The id evidence cites it by.
    #[schemars(with = "String")]
    pub id: S<String>,
    /// File name inside the corpus folder (default `<id>.txt`).
    #[schemars(with = "Option<String>")]
    pub file: Option<S<String>>,
    /// Title of the text.
    pub title: Option<String>,
    /// Authors, as printed.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub published: Option<S<String>>,
    /// Publisher or outlet.
    pub publisher: Option<String>,
    /// Address of the original.
    pub url: Option<String>,
    /// Whose voice the text is, when authors alone do not show it (a brief that repeats
    /// another paper's authors' argument): sources with one voice count once in `analyze`.
    pub voice: Option<String>,
}

/// One claim.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawClaim {
    /// Unique id: lowercase letters, digits and `-`.
    #[schemars(
        with = "String",
        regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        length(max = 128)
    )]
    pub id: S<String>,
    /// The proposition, in the curator's words.
    // `text:` with nothing after it is YAML's null: read as empty (an `empty-text` finding at
    // its line) rather than a type error that would stop the run.
    #[schemars(with = "String")]
    pub text: S<Option<String>>,
    /// Theme tags.
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Entry>,
    /// Free-text note.
    #[schemars(with = "Option<String>")]
    pub note: Option<S<String>>,
    /// Source passages cited for or against the claim.
    #[serde(default)]
    #[schemars(with = "Vec<RawEvidence>")]
    pub evidence: EvidenceList,
    /// Ids of claims this claim supports.
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub supports: Vec<Entry>,
    /// Ids of claims this claim contradicts.
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub contradicts: Vec<Entry>,
    /// Warning codes silenced for this claim (errors cannot be allowed).
    #[serde(default, deserialize_with = "null_is_empty")]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Entry>,
}

/// A claim's `evidence:` list. One entry written without its `- ` (a mapping where the list
/// belongs) is read as that entry and remembered, so the resolver reports the slip while every
/// other check still sees the citation; nothing after the key (`evidence:`) is no entries.
#[derive(Debug, Default)]
pub struct EvidenceList {
    /// The entries, in order.
    pub entries: Vec<RawEvidence>,
    /// Whether the list was written as a single mapping.
    pub single: bool,
}

impl<'de> Deserialize<'de> for EvidenceList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = EvidenceList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of evidence entries")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<EvidenceList, A::Error> {
                let entries = Vec::<RawEvidence>::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                Ok(EvidenceList {
                    entries,
                    single: false,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<EvidenceList, A::Error> {
                let entry =
                    RawEvidence::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(EvidenceList {
                    entries: vec![entry],
                    single: true,
                })
            }
            fn visit_unit<E>(self) -> Result<EvidenceList, E> {
                Ok(EvidenceList::default())
            }
            fn visit_none<E>(self) -> Result<EvidenceList, E> {
                Ok(EvidenceList::default())
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A cited passage.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawEvidence {
    /// Id of the source.
    #[schemars(with = "String")]
    pub source: S<String>,
    /// The passage, verbatim; `...` or `…` marks an elision.
    #[schemars(with = "String")]
    pub quote: S<Option<String>>,
    /// Whether the passage supports (default) or contradicts the claim, or only reports that
    /// someone holds it.
    #[schemars(with = "Option<RawStance>")]
    pub stance: Option<S<RawStance>>,
    /// With `stance: reports`: who holds the view the passage reports (e.g. "most experts and
    /// diplomats in 2021").
    pub holder: Option<String>,
}

/// Stance of a passage towards its claim.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawStance {
    /// The passage backs the claim.
    Supports,
    /// The passage disputes the claim.
    Contradicts,
    /// The passage shows that someone holds the claim, without the source endorsing it.
    Reports,
}

/// The JSON Schema of the map format, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RawMap);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
