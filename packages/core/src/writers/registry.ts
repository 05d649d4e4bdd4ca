// Every config target in one table, in the order `autoconf formats` lists them.
import { AutoconfError } from '../errors.js';
import { aercWriter } from './aerc.js';
import { djangoWriter } from './django.js';
import { dotnetWriter } from './dotnet.js';
import { envWriter } from './env.js';
import { gitSendEmailWriter } from './git-send-email.js';
import { laravelWriter } from './laravel.js';
import { mbsyncWriter } from './mbsync.js';
import { msmtpWriter } from './msmtp.js';
import { neomuttWriter } from './neomutt.js';
import { nodemailerJsonWriter, nodemailerWriter } from './nodemailer.js';
import { nodemailerUrlWriter } from './nodemailer-url.js';
import { phpmailerWriter } from './phpmailer.js';
import { pythonSmtplibWriter } from './python-smtplib.js';
import { railsWriter } from './rails.js';
import { springBootWriter } from './spring-boot.js';
import { symfonyWriter } from './symfony.js';
import { thunderbirdWriter } from './thunderbird.js';
import type { Writer } from './types.js';

export const WRITERS: readonly Writer[] = Object.freeze([
  nodemailerWriter,
  nodemailerJsonWriter,
  nodemailerUrlWriter,
  envWriter,
  laravelWriter,
  symfonyWriter,
  djangoWriter,
  railsWriter,
  springBootWriter,
  dotnetWriter,
  phpmailerWriter,
  pythonSmtplibWriter,
  msmtpWriter,
  gitSendEmailWriter,
  neomuttWriter,
  aercWriter,
  mbsyncWriter,
  thunderbirdWriter,
]);

export function findWriter(id: string): Writer | undefined {
  return WRITERS.find((writer) => writer.id === id);
}

export function getWriter(id: string): Writer {
  const writer = findWriter(id);
  if (writer === undefined) {
    throw new AutoconfError('WRITER_UNKNOWN', `Unknown config format "${id}". Known: ${WRITERS.map((w) => w.id).join(', ')}.`);
  }
  return writer;
}
