//! One handler per request and notification: each finds the document, converts positions,
//! calls `claimgraph::ide` or reads the last check, and converts the answer back.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::Value;

use claimgraph::Checked;
use claimgraph::diagnostic::{Applicability, Edit};
use claimgraph::ide::{self, CompletionKind, position::Lines};

use super::convert::{self, from_position, normal, path_to_uri, uri_to_path};
use super::{Doc, Server, is_map};

/// What the server offers, in the position encoding agreed.
pub fn capabilities(encoding: claimgraph::ide::position::Encoding) -> Value {
    let encoding = match encoding {
        claimgraph::ide::position::Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        claimgraph::ide::position::Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
    };
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into(), "\"".into()]),
            ..Default::default()
        }),
        ..Default::default()
    };
    serde_json::to_value(capabilities).unwrap_or(Value::Null)
}

fn params<P: DeserializeOwned>(value: Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

/// Applies a notification.
pub fn notification(server: &mut Server<'_>, n: Notification) {
    use lsp::notification::{
        DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
        DidSaveTextDocument, Notification as _,
    };
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let Some(p) = params::<lsp::DidOpenTextDocumentParams>(n.params) else {
                return;
            };
            let Some(path) = uri_to_path(&p.text_document.uri) else {
                return;
            };
            let text = p.text_document.text;
            let map = is_map(&path, &text);
            server.docs.insert(
                path.clone(),
                Doc {
                    text: Arc::new(text),
                    version: p.text_document.version,
                },
            );
            if map {
                server.serve_map(&path);
            } else {
                server.doc_changed(&path);
            }
        }
        DidChangeTextDocument::METHOD => {
            let Some(p) = params::<lsp::DidChangeTextDocumentParams>(n.params) else {
                return;
            };
            let Some(path) = uri_to_path(&p.text_document.uri) else {
                return;
            };
            let encoding = server.encoding;
            let Some(doc) = server.docs.get_mut(&path) else {
                return;
            };
            let mut text = doc.text.as_str().to_string();
            for change in p.content_changes {
                match change.range {
                    None => text = change.text,
                    Some(range) => {
                        let start = convert::offset(&text, encoding, from_position(range.start));
                        let end =
                            convert::offset(&text, encoding, from_position(range.end)).max(start);
                        text.replace_range(start..end, &change.text);
                    }
                }
            }
            // A file that has just been given the schema modeline becomes a map.
            let now_a_map = is_map(&path, &text);
            doc.text = Arc::new(text);
            doc.version = p.text_document.version;
            if now_a_map && !server.maps.contains_key(&path) {
                server.serve_map(&path);
            }
            server.doc_changed(&path);
        }
        DidSaveTextDocument::METHOD => {
            let Some(p) = params::<lsp::DidSaveTextDocumentParams>(n.params) else {
                return;
            };
            if let Some(path) = uri_to_path(&p.text_document.uri) {
                server.doc_changed(&path);
            }
        }
        DidCloseTextDocument::METHOD => {
            let Some(p) = params::<lsp::DidCloseTextDocumentParams>(n.params) else {
                return;
            };
            if let Some(path) = uri_to_path(&p.text_document.uri) {
                server.docs.remove(&path);
                // From now on the file is read from disk.
                server.doc_changed(&path);
            }
        }
        DidChangeWatchedFiles::METHOD => {
            let Some(p) = params::<lsp::DidChangeWatchedFilesParams>(n.params) else {
                return;
            };
            for change in p.changes {
                if let Some(path) = uri_to_path(&change.uri)
                    && !server.docs.contains_key(&path)
                {
                    server.doc_changed(&path);
                }
            }
        }
        _ => {}
    }
}

/// An error response.
fn failed(id: lsp_server::RequestId, message: impl Into<String>) -> Response {
    Response::new_err(id, ErrorCode::RequestFailed as i32, message.into())
}

/// The map a request is about, checked on its current text, and the text's lines.
struct Context {
    path: PathBuf,
    checked: Option<Arc<Checked>>,
    text: Arc<String>,
}

fn context(server: &mut Server<'_>, uri: &lsp::Uri) -> Option<Context> {
    let path = uri_to_path(uri)?;
    if !server.maps.contains_key(&path) {
        return None;
    }
    server.flush(&path);
    let state = server.maps.get(&path)?;
    let text = match server.docs.get(&path) {
        Some(doc) => doc.text.clone(),
        None => state.checked.as_ref().map(|c| c.yaml.clone())?,
    };
    Some(Context {
        path,
        checked: state.checked.clone(),
        text,
    })
}

impl Context {
    /// The map, if the current text parsed.
    fn map(&self) -> Option<&claimgraph::Map> {
        let checked = self.checked.as_ref()?;
        let map = checked.map.as_ref()?;
        (checked.yaml.as_str() == self.text.as_str()).then_some(map)
    }
}

fn location(server: &Server<'_>, checked: &Checked, place: &ide::Place) -> Option<lsp::Location> {
    let text = checked
        .text_of(&place.file)
        .or_else(|| {
            server
                .docs
                .get(&normal(&place.file))
                .map(|d| d.text.clone())
        })
        .unwrap_or_default();
    let lines = Lines::new(&text, server.encoding);
    Some(lsp::Location::new(
        path_to_uri(&place.file),
        convert::range(&lines, place.range.clone()),
    ))
}

#[allow(
    clippy::mutable_key_type,
    reason = "the protocol's type for a workspace edit is this map; its URIs are never changed"
)]
fn workspace_edit(server: &Server<'_>, checked: &Checked, edits: &[Edit]) -> lsp::WorkspaceEdit {
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for edit in edits {
        let text = checked.text_of(&edit.file).unwrap_or_default();
        let lines = Lines::new(&text, server.encoding);
        changes
            .entry(path_to_uri(&edit.file))
            .or_default()
            .push(lsp::TextEdit::new(
                convert::range(&lines, edit.range.clone()),
                edit.replacement.clone(),
            ));
    }
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

/// Answers a request.
pub fn request(server: &mut Server<'_>, request: Request) -> Response {
    use lsp::request::{
        CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
        PrepareRenameRequest, References, Rename, Request as _,
    };
    let id = request.id.clone();
    let invalid = |id| {
        Response::new_err(
            id,
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters for {}", request.method),
        )
    };
    macro_rules! with_params {
        ($kind:ty, |$p:ident| $body:expr) => {
            match params::<<$kind as lsp::request::Request>::Params>(request.params.clone()) {
                Some($p) => $body,
                None => invalid(id),
            }
        };
    }
    match request.method.as_str() {
        HoverRequest::METHOD => with_params!(HoverRequest, |p| {
            let result = hover(server, &p.text_document_position_params);
            Response::new_ok(id, result)
        }),
        GotoDefinition::METHOD => with_params!(GotoDefinition, |p| {
            let result = definition(server, &p.text_document_position_params);
            Response::new_ok(id, result)
        }),
        References::METHOD => with_params!(References, |p| {
            let result = references(server, &p);
            Response::new_ok(id, result)
        }),
        DocumentSymbolRequest::METHOD => with_params!(DocumentSymbolRequest, |p| {
            let result = symbols(server, &p.text_document.uri);
            Response::new_ok(id, result)
        }),
        PrepareRenameRequest::METHOD => with_params!(PrepareRenameRequest, |p| {
            match prepare_rename(server, &p) {
                Ok(result) => Response::new_ok(id, result),
                Err(message) => failed(id, message),
            }
        }),
        Rename::METHOD => with_params!(Rename, |p| {
            match rename(server, &p) {
                Ok(result) => Response::new_ok(id, result),
                Err(message) => failed(id, message),
            }
        }),
        CodeActionRequest::METHOD => with_params!(CodeActionRequest, |p| {
            let result = code_actions(server, &p);
            Response::new_ok(id, result)
        }),
        Completion::METHOD => with_params!(Completion, |p| {
            let result = completion(server, &p.text_document_position);
            Response::new_ok(id, result)
        }),
        _ => Response::new_err(
            id,
            ErrorCode::MethodNotFound as i32,
            format!("unknown method {}", request.method),
        ),
    }
}

/// The context and byte offset of a position.
fn at(server: &mut Server<'_>, p: &lsp::TextDocumentPositionParams) -> Option<(Context, usize)> {
    let context = context(server, &p.text_document.uri)?;
    let offset = Lines::new(&context.text, server.encoding).offset(from_position(p.position));
    Some((context, offset))
}

fn hover(server: &mut Server<'_>, p: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
    let (context, offset) = at(server, p)?;
    let map = context.map()?;
    let found = ide::hover(map, offset)?;
    let lines = Lines::new(&context.text, server.encoding);
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(convert::range(&lines, found.range)),
    })
}

fn definition(
    server: &mut Server<'_>,
    p: &lsp::TextDocumentPositionParams,
) -> Option<lsp::GotoDefinitionResponse> {
    let (context, offset) = at(server, p)?;
    let map = context.map()?;
    let checked = context.checked.as_ref()?;
    let places = ide::definition(map, offset);
    let locations: Vec<lsp::Location> = places
        .iter()
        .filter_map(|place| location(server, checked, place))
        .collect();
    (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations))
}

fn references(server: &mut Server<'_>, p: &lsp::ReferenceParams) -> Option<Vec<lsp::Location>> {
    let (context, offset) = at(server, &p.text_document_position)?;
    let map = context.map()?;
    let checked = context.checked.as_ref()?;
    let places = ide::references(map, offset, p.context.include_declaration);
    Some(
        places
            .iter()
            .filter_map(|place| location(server, checked, place))
            .collect(),
    )
}

fn symbols(server: &mut Server<'_>, uri: &lsp::Uri) -> Option<lsp::DocumentSymbolResponse> {
    let context = context(server, uri)?;
    let map = context.map()?;
    let lines = Lines::new(&context.text, server.encoding);
    #[allow(
        deprecated,
        reason = "the protocol's `deprecated` field must be written"
    )]
    let symbols = ide::symbols(map)
        .into_iter()
        .map(|s| lsp::DocumentSymbol {
            name: s.name,
            detail: Some(s.detail),
            kind: lsp::SymbolKind::OBJECT,
            tags: None,
            deprecated: None,
            range: convert::range(&lines, s.range),
            selection_range: convert::range(&lines, s.selection),
            children: None,
        })
        .collect();
    Some(lsp::DocumentSymbolResponse::Nested(symbols))
}

fn prepare_rename(
    server: &mut Server<'_>,
    p: &lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>, String> {
    let Some((context, offset)) = at(server, p) else {
        return Ok(None);
    };
    let map = context
        .map()
        .ok_or("the map does not parse: fix its syntax first")?;
    let (range, placeholder) = ide::prepare_rename(map, offset)?;
    let lines = Lines::new(&context.text, server.encoding);
    Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(&lines, range),
        placeholder,
    }))
}

fn rename(
    server: &mut Server<'_>,
    p: &lsp::RenameParams,
) -> Result<Option<lsp::WorkspaceEdit>, String> {
    let Some((context, offset)) = at(server, &p.text_document_position) else {
        return Ok(None);
    };
    let map = context
        .map()
        .ok_or("the map does not parse: fix its syntax first")?;
    let edits = ide::rename(map, offset, &p.new_name)?;
    let checked = context.checked.as_ref().ok_or("the map was not checked")?;
    Ok(Some(workspace_edit(server, checked, &edits)))
}

fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn code_actions(
    server: &mut Server<'_>,
    p: &lsp::CodeActionParams,
) -> Option<Vec<lsp::CodeActionOrCommand>> {
    let context = context(server, &p.text_document.uri)?;
    let checked = context.checked.as_ref()?;
    let map = context.map();
    let mut out = Vec::new();
    let converted = convert::diagnostics(checked, server.encoding);
    for (d, (file, diagnostic)) in checked.diagnostics.iter().zip(converted) {
        if file != context.path {
            continue;
        }
        if !overlaps(&diagnostic.range, &p.range) {
            continue;
        }
        let created = map.and_then(|m| ide::create_claim(m, d));
        for fix in d.fixes.iter().chain(created.as_ref()) {
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.description.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(server, checked, &fix.edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..Default::default()
            }));
        }
    }
    Some(out)
}

fn completion(
    server: &mut Server<'_>,
    p: &lsp::TextDocumentPositionParams,
) -> Option<lsp::CompletionResponse> {
    let path = uri_to_path(&p.text_document.uri)?;
    let state = server.maps.get(&path)?;
    let good = match state.good.clone() {
        Some(good) => good,
        None => {
            // Nothing has parsed yet: check now, for the ids there may be.
            server.flush(&path);
            server.maps.get(&path)?.good.clone()?
        }
    };
    let map = good.map.as_ref()?;
    let text = server.docs.get(&path).map(|d| d.text.clone())?;
    let lines = Lines::new(&text, server.encoding);
    let offset = lines.offset(from_position(p.position));
    let items = ide::complete(&text, map, offset)
        .into_iter()
        .enumerate()
        .map(|(i, c)| lsp::CompletionItem {
            label: c.label,
            kind: Some(match c.kind {
                CompletionKind::Claim => lsp::CompletionItemKind::REFERENCE,
                CompletionKind::Source => lsp::CompletionItemKind::FILE,
                CompletionKind::Stance => lsp::CompletionItemKind::ENUM_MEMBER,
                CompletionKind::Quote => lsp::CompletionItemKind::TEXT,
            }),
            detail: c.detail,
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(c.filter),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                convert::range(&lines, c.range),
                c.insert,
            ))),
            ..Default::default()
        })
        .collect();
    Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: true,
        items,
    }))
}
