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

  it('registers the commands when activated', async () => {
    const extension = vscode.extensions.getExtension(ID);
    assert.ok(extension, 'extension under development is not loaded');
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['autoconf.detectSettings', 'autoconf.probeServer', 'autoconf.writeConfig', 'autoconf.showReport', 'autoconf.storePassword', 'autoconf.forgetPassword', 'autoconf.checkMailSettings']) {
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

  it('shows the last report rendered, in one preview tab that the next report reuses', async () => {
    await vscode.commands.executeCommand('autoconf.showReport');
    await vscode.commands.executeCommand('autoconf.showReport');
    const previews = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType));
    for (let waited = 0; previews().length === 0 && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(previews().length, 1, vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((tab) => tab.label).join(', '));
    assert.match(previews()[0].label, /autoconf-report\.md/);
    // The rendered text is the read-only document of our scheme, with the probe facts.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'autoconf' && d.uri.path === '/autoconf-report.md');
    assert.ok(document, 'the report document is open behind the preview');
    const text = document.getText();
    assert.match(text, /# Mail settings for dev@shop\.test/);
    assert.match(text, /TLS: TLSv1\.[23]/);
    assert.match(text, /AUTH: .*PLAIN/);
    assert.match(text, /<details><summary>Transcript/);
  });

  // A second env file of the project, so the .env of the tests above stays theirs.
  const mailEnvUri = () => vscode.Uri.joinPath(folder().uri, '.env.mail');
  const BROKEN_ENV = '# mail\nSMTP_HOST=mail.shop.test\nSMTP_PORT=587\nSMTP_SECURE=true\n';

  async function waitFor(read, done, what) {
    let value = read();
    for (let waited = 0; !done(value) && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = read();
    }
    assert.ok(done(value), `${what}: ${JSON.stringify(value)}`);
    return value;
  }

  it('a broken .env gets its diagnostic on SMTP_SECURE, a hover, and a quick fix that corrects the file', async () => {
    await vscode.workspace.fs.writeFile(mailEnvUri(), new TextEncoder().encode(BROKEN_ENV));
    const document = await vscode.workspace.openTextDocument(mailEnvUri());
    await vscode.window.showTextDocument(document);
    const ours = () => vscode.languages.getDiagnostics(mailEnvUri()).filter((d) => d.source === 'autoconf');
    const [diagnostic] = await waitFor(ours, (list) => list.length > 0, 'no autoconf diagnostic');
    assert.equal(diagnostic.code, 'tls-on-starttls-port');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [3, 0, 11]);
    assert.match(diagnostic.message, /wrong version number/);

    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', mailEnvUri(), new vscode.Position(3, 4));
    const hoverText = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n')
      // appendText escapes Markdown and keeps spaces as &nbsp;: read it back as text.
      .replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(hoverText, /implicit TLS from the first byte \(port 465\)/);

    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', mailEnvUri(), diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Change to SMTP_SECURE=false, SMTP_REQUIRE_TLS=true');
    assert.ok(fix && fix.edit, actions.map((action) => action.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), '# mail\nSMTP_HOST=mail.shop.test\nSMTP_PORT=587\nSMTP_SECURE=false\n\nSMTP_REQUIRE_TLS=true\n');
    await waitFor(ours, (list) => list.length === 0, 'the fixed file still has diagnostics');
  });

  it('"Check mail settings against the server" passes for the fixed file against the loopback server', async () => {
    const outcome = await vscode.commands.executeCommand('autoconf.checkMailSettings', { path: mailEnvUri().fsPath });
    assert.equal(outcome && outcome.status, 'done', JSON.stringify(outcome));
    assert.deepEqual(outcome.verdicts, ['strict'], outcome.markdown);
    assert.match(outcome.markdown, /TLS: TLSv1\.[23]/);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'autoconf' && d.uri.path === '/autoconf-check.md');
    assert.ok(document, 'the check report is open in the report view');
  });

  it('a bad address passed as an argument writes nothing', async () => {
    const document = await vscode.workspace.openTextDocument(envUri());
    const before = document.getText();
    const outcome = await vscode.commands.executeCommand('autoconf.detectSettings', { address: 'not an address' });
    assert.equal(outcome.status, 'failed');
    assert.equal(document.getText(), before);
  });
});
