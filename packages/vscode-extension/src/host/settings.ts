// Reads `autoconf.*` when a command runs (never cached: the user may change them at any time)
// and the extra CA file they name, and VS Code's `http.systemCertificates`. Restricted settings come from user settings only in an
// untrusted workspace: VS Code applies `restrictedConfigurations` for us.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { AutoconfError } from '@autoconf/core';
import { resolveSettings, type Settings } from '../flow/settings.js';

const CA_FILE_MAX_BYTES = 1_000_000;

function resolvePath(path: string, folder: vscode.WorkspaceFolder | undefined): string {
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  if (isAbsolute(path) || folder === undefined) return path;
  return join(folder.uri.fsPath, path);
}

export async function readSettings(folder: vscode.WorkspaceFolder | undefined): Promise<{ settings: Settings; extraCa: string[] }> {
  const config = vscode.workspace.getConfiguration('autoconf', folder);
  const settings = resolveSettings({
    dnsServers: config.get('dnsServers'),
    timeoutSeconds: config.get('timeoutSeconds'),
    policy: config.get('policy'),
    allowHttp: config.get('allowHttp'),
    defaultTarget: config.get('defaultTarget'),
    extraCaFile: config.get('extraCaFile'),
    systemCertificates: vscode.workspace.getConfiguration('http').get('systemCertificates'),
  });
  if (settings.extraCaFile === '') return { settings, extraCa: [] };
  const path = resolvePath(settings.extraCaFile, folder);
  let pem: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > CA_FILE_MAX_BYTES) throw new Error('larger than 1 MB');
    pem = bytes.toString('utf8');
  } catch (error) {
    throw new AutoconfError('OPTION_INVALID', `The setting autoconf.extraCaFile names ${path}, which could not be read: ${(error as Error).message}`);
  }
  // A bundle may hold several certificates; core checks each one.
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certificates.length === 0) throw new AutoconfError('OPTION_INVALID', `${path} holds no PEM certificate.`);
  return { settings, extraCa: certificates };
}
