// Runs inside code-server's extension host with the real vscode API; the user settings point
// the extension at the loopback test world (see host.e2e.ts).
const assert = require('node:assert/strict');
const vscode = require('vscode');

const ID = 'autoconf.autoconf-vscode';
const USER_ENV = '# kept\nAPP_KEY=abc\n';

describe('autoconf in a real extension host', () => {
  const folder = () => vscode.workspace.workspaceFolders[0];
  const envUri = () => vscode.Uri.joinPath(folder().uri, '.env');

  before(async () => {
    await vscode.workspace.fs.writeFile(envUri(), new TextEncoder().encode(USER_ENV));
  });

  it('registers the four commands when activated', async () => {
    const extension = vscode.extensions.getExtension(ID);
    assert.ok(extension, 'extension under development is not loaded');
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['autoconf.detectSettings', 'autoconf.probeServer', 'autoconf.writeConfig', 'autoconf.showReport']) {
      assert.ok(commands.includes(id), id);
    }
  });

  it('reads its settings from the configuration', () => {
    const config = vscode.workspace.getConfiguration('autoconf');
    assert.equal(config.get('dnsServers').length, 1);
    assert.equal(config.get('policy'), 'submission-first');
  });

  it('detects and merges into .env through a WorkspaceEdit that Undo reverts', async () => {
    const outcome = await vscode.commands.executeCommand('autoconf.detectSettings', { address: 'dev@shop.test', target: 'env', setup: 'recommended' });
    assert.equal(outcome && outcome.status, 'done', JSON.stringify(outcome && outcome.status));
    // The document, not the disk: with the smoke-test driver on, the workbench refuses the save
    // that follows the edit (the UI suite checks the disk in a plain workbench).
    const text = (await vscode.workspace.openTextDocument(envUri())).getText();
    assert.ok(text.startsWith(USER_ENV), text);
    assert.match(text, /^SMTP_HOST=mail\.shop\.test$/m);
    assert.match(text, /^SMTP_PORT=587$/m);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor && editor.document.uri.toString(), envUri().toString(), 'the written .env is shown');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), USER_ENV, 'one Undo restores the user\'s file');
  });

  it('shows the last report as a read-only document with the probe facts', async () => {
    await vscode.commands.executeCommand('autoconf.showReport');
    const document = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document;
    assert.equal(document && document.uri.scheme, 'autoconf');
    const text = document.getText();
    assert.match(text, /# Mail settings for dev@shop\.test/);
    assert.match(text, /TLS: TLSv1\.[23]/);
    assert.match(text, /AUTH: .*PLAIN/);
  });

  it('a bad address passed as an argument writes nothing', async () => {
    const document = await vscode.workspace.openTextDocument(envUri());
    const before = document.getText();
    const outcome = await vscode.commands.executeCommand('autoconf.detectSettings', { address: 'not an address' });
    assert.equal(outcome.status, 'failed');
    assert.equal(document.getText(), before);
  });
});
