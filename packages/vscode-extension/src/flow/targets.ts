// Which config to write where, and which one this workspace most likely wants.
import { t } from './l10n.js';
import type { WorkspaceFiles } from './ui.js';
import { WRITERS, findWriter, type Writer } from './writers.js';

export interface Target {
  writer: Writer;
  /** Workspace-relative path of the file to create or merge into. */
  path: string;
  /** Why it is offered first, when it is. */
  reason?: string;
}

const FALLBACK_WRITER = 'env';
const SCAN_LIMIT = 5;

/** Where a framework keeps the file, when that differs from the writer's default name. */
const FRAMEWORK_PATHS: Record<string, string> = {
  'spring-boot': 'src/main/resources/application.properties',
};

interface Guess {
  writerId: string;
  reason: string;
  /** Folder the file belongs in (a Django project package, a .NET project). */
  dir?: string;
}

function dependenciesOf(text: string | undefined, ...fields: string[]): string[] {
  if (text === undefined) return [];
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return fields.flatMap((field) => {
      const value = json[field];
      return value !== null && typeof value === 'object' ? Object.keys(value) : [];
    });
  } catch {
    return []; // A broken manifest tells us nothing; it is not ours to report.
  }
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export async function guessWorkspaceTarget(files: WorkspaceFiles): Promise<Guess | undefined> {
  const npm = dependenciesOf(await files.readText('package.json'), 'dependencies', 'devDependencies');
  if (npm.includes('nodemailer') || npm.includes('@nestjs-modules/mailer')) {
    return { writerId: 'env', reason: t('nodemailer is in package.json') };
  }
  if ((await files.readText('manage.py')) !== undefined) {
    const settings = (await files.find('/settings.py', SCAN_LIMIT)).sort((a, b) => a.length - b.length)[0];
    return { writerId: 'django', reason: t('manage.py: a Django project'), ...(settings === undefined ? {} : { dir: dirOf(settings) }) };
  }
  const composer = dependenciesOf(await files.readText('composer.json'), 'require', 'require-dev');
  if (composer.includes('laravel/framework')) return { writerId: 'laravel', reason: t('Laravel in composer.json') };
  if (composer.some((name) => name === 'symfony/mailer' || name === 'symfony/framework-bundle')) {
    return { writerId: 'symfony', reason: t('Symfony in composer.json') };
  }
  if (composer.includes('phpmailer/phpmailer')) return { writerId: 'phpmailer', reason: t('PHPMailer in composer.json') };
  if (/^\s*gem\s+["']rails["']/m.test((await files.readText('Gemfile')) ?? '')) {
    return { writerId: 'rails', reason: t('Rails in the Gemfile') };
  }
  for (const build of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    if (((await files.readText(build)) ?? '').includes('spring-boot')) {
      return { writerId: 'spring-boot', reason: t('Spring Boot in {0}', build) };
    }
  }
  const project = (await files.find('.csproj', SCAN_LIMIT)).sort((a, b) => a.length - b.length)[0];
  if (project !== undefined) return { writerId: 'dotnet', reason: t('a .NET project ({0})', project), dir: dirOf(project) };
  return undefined;
}

function targetFor(writer: Writer, dir = '', reason?: string): Target {
  const file = FRAMEWORK_PATHS[writer.id] ?? writer.defaultFileName;
  return { writer, path: dir === '' ? file : `${dir}/${file}`, ...(reason === undefined ? {} : { reason }) };
}

/** Every target, the one this workspace uses first: detected, else the setting, else `.env`. */
export async function listTargets(files: WorkspaceFiles, defaultTarget: string): Promise<Target[]> {
  const guess = await guessWorkspaceTarget(files);
  const firstId = guess?.writerId ?? (findWriter(defaultTarget) === undefined ? FALLBACK_WRITER : defaultTarget);
  const first = findWriter(firstId) ?? (findWriter(FALLBACK_WRITER) as Writer);
  const reason = guess?.reason ?? (firstId === defaultTarget ? t('autoconf.defaultTarget') : undefined);
  return [
    targetFor(first, guess?.dir, reason),
    ...WRITERS.filter((writer) => writer !== first).map((writer) => targetFor(writer)),
  ];
}
