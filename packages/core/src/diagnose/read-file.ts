// Which reader a file needs, from its name: the formats autoconf writes, read back.
import { basename } from 'node:path';
import type { MailConfig } from './config.js';
import { readDjangoSettings } from './read-django-settings.js';
import { readEnvConfigs } from './read-env.js';
import { readGitSendEmail } from './read-git-sendemail.js';
import { readAppSettings } from './read-appsettings.js';
import { readCompose } from './read-compose.js';
import { readJsConfigs, type ReadModule } from './read-js.js';
import { readNodemailerJson } from './read-nodemailer-json.js';
import { readPhpMailer } from './read-phpmailer.js';
import { readPythonSmtplib } from './read-python-smtplib.js';
import { readRails } from './read-rails.js';
import { readSpringProperties, readSpringYaml } from './read-java-properties.js';
import { readMsmtp } from './read-msmtp.js';

export type ConfigFileKind = 'env' | 'spring-properties' | 'django-settings' | 'msmtp' | 'git-config' | 'js' | 'dotnet' | 'python' | 'php' | 'rails' | 'compose' | 'spring-yaml' | 'nodemailer-json';

/** Sources are many: only those holding this text can hold a mail config (a cheap test a walk
 *  makes before reading a file as one). */
export const CONTENT_HINTS: Partial<Record<ConfigFileKind, string>> = {
  js: 'createTransport',
  python: 'smtplib',
  php: '->Host',
  rails: 'smtp_settings',
  compose: 'environment',
};

/** The kind of config file a path names, or undefined for a file no reader knows. */
export function configFileKind(path: string): ConfigFileKind | undefined {
  const name = basename(path);
  if (/^\.env(\..+)?$/.test(name) || name.endsWith('.env')) return 'env';
  if (/^application(-[\w-]+)?\.properties$/.test(name)) return 'spring-properties';
  if (/^application(-[\w-]+)?\.ya?ml$/.test(name)) return 'spring-yaml';
  if (name === 'settings.py' || name === 'mail_settings.py' || /^settings_[\w]+\.py$/.test(name)) return 'django-settings';
  if (name === '.msmtprc' || name === 'msmtprc' || (name === 'config' && path.includes('msmtp'))) return 'msmtp';
  if (name === '.gitconfig' || (name === 'config' && /(^|[\\/])\.git[\\/]config$/.test(path))) return 'git-config';
  if (/^appsettings(\.[\w-]+)?\.json$/i.test(name)) return 'dotnet';
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name)) return 'compose';
  if (/^(smtp|mail|mailer|nodemailer|transport)([-_.][\w-]+)?\.json$/i.test(name)) return 'nodemailer-json';
  if (name.endsWith('.py')) return 'python';
  if (name.endsWith('.php')) return 'php';
  if (name.endsWith('.rb')) return 'rails';
  // Sources that may call nodemailer's createTransport (declarations and minified bundles never do).
  if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name) && !name.includes('.min.')) return 'js';
  return undefined;
}

/** Every mail config in a file's text; `environment` resolves references it does not define. */
export async function readConfigFile(path: string, text: string, environment: Readonly<Record<string, string | undefined>> = {}, readModule?: ReadModule): Promise<MailConfig[]> {
  switch (configFileKind(path)) {
    case 'js':
      return readJsConfigs(text, path, environment, readModule);
    case 'dotnet':
      return readAppSettings(text, path);
    case 'compose':
      return readCompose(text, path, environment);
    case 'nodemailer-json':
      return readNodemailerJson(text, path);
    case 'python':
      return readPythonSmtplib(text, path);
    case 'php':
      return readPhpMailer(text, path);
    case 'rails':
      return readRails(text, path);
    case 'env':
      return readEnvConfigs(text, path, environment);
    case 'spring-properties':
      return readSpringProperties(text, path);
    case 'spring-yaml':
      return readSpringYaml(text, path);
    case 'django-settings':
      return readDjangoSettings(text, path, environment);
    case 'msmtp':
      return readMsmtp(text, path);
    case 'git-config':
      return readGitSendEmail(text, path);
    case undefined:
      return [];
  }
}
