// Starts `claimgraph lsp` for the workspace's maps. The server decides which YAML files are
// maps (`claims.yaml`, or a first line with claimgraph's schema modeline) and ignores the rest,
// so every YAML file is offered to it; corpus files are watched so an edit to a source
// re-checks the maps that quote it.
import { workspace, ExtensionContext, window } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration('claimgraph').get<string>('path') || 'claimgraph';
  const server: ServerOptions = { command, args: ['lsp'] };
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/corpus/**') },
  };
  client = new LanguageClient('claimgraph', 'claimgraph', server, options);
  try {
    await client.start();
  } catch (error) {
    window.showErrorMessage(
      `claimgraph: cannot start \`${command} lsp\` (${String(error)}); install claimgraph or set claimgraph.path`,
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
