//! Zed runs language servers only from extensions: this one starts `claimgraph lsp`, the server
//! built into the claimgraph binary, found on the worktree's `PATH` (or at the path given in
//! Zed's settings, `lsp.claimgraph.binary.path`).

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Claimgraph;

impl zed::Extension for Claimgraph {
    fn new() -> Self {
        Claimgraph
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let configured = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary)
            .and_then(|binary| binary.path);
        let command = match configured.or_else(|| worktree.which("claimgraph")) {
            Some(path) => path,
            None => {
                return Err(
                    "claimgraph is not on PATH: install it with `cargo install --path .` \
                            in the claimgraph repository, or set lsp.claimgraph.binary.path"
                        .into(),
                )
            }
        };
        Ok(zed::Command {
            command,
            args: vec!["lsp".into()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Claimgraph);
