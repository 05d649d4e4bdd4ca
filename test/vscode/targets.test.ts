import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listTargets } from 'autoconf-vscode/internal/flow/targets.js';
import { createTempWorkspace } from './helpers.js';

async function firstTarget(files: Record<string, string>, defaultTarget = '') {
  const workspace = await createTempWorkspace(files);
  try {
    const [first, ...rest] = await listTargets(workspace, defaultTarget);
    assert.ok(first);
    // Every writer is offered exactly once, whatever comes first.
    assert.equal(new Set([first, ...rest].map((target) => target.writer.id)).size, rest.length + 1);
    return first;
  } finally {
    await workspace.dispose();
  }
}

test('nodemailer in package.json pre-selects the .env target', async () => {
  const first = await firstTarget({ 'package.json': JSON.stringify({ dependencies: { express: '^5', nodemailer: '^10' } }) });
  assert.equal(first.writer.id, 'env');
  assert.equal(first.path, '.env');
  assert.match(first.reason ?? '', /nodemailer/);
});

test('nodemailer as a devDependency and the NestJS mailer count too', async () => {
  assert.equal((await firstTarget({ 'package.json': '{"devDependencies":{"nodemailer":"*"}}' })).writer.id, 'env');
  assert.equal((await firstTarget({ 'package.json': '{"dependencies":{"@nestjs-modules/mailer":"*"}}' })).writer.id, 'env');
});

test('manage.py pre-selects Django, next to the project settings', async () => {
  const first = await firstTarget({ 'manage.py': '#!/usr/bin/env python\n', 'shop/settings.py': 'DEBUG = False\n', 'shop/app/settings.py': '' });
  assert.equal(first.writer.id, 'django');
  assert.equal(first.path, 'shop/mail_settings.py');
});

test('composer.json: Laravel, Symfony or PHPMailer', async () => {
  assert.equal((await firstTarget({ 'composer.json': '{"require":{"laravel/framework":"^11"}}' })).path, '.env');
  assert.equal((await firstTarget({ 'composer.json': '{"require":{"laravel/framework":"^11"}}' })).writer.id, 'laravel');
  const symfony = await firstTarget({ 'composer.json': '{"require":{"symfony/mailer":"^7.3"}}' });
  assert.deepEqual([symfony.writer.id, symfony.path], ['symfony', '.env.local']);
  assert.equal((await firstTarget({ 'composer.json': '{"require":{"phpmailer/phpmailer":"^6"}}' })).writer.id, 'phpmailer');
});

test('a Gemfile with rails pre-selects ActionMailer', async () => {
  const first = await firstTarget({ Gemfile: "source 'https://rubygems.org'\ngem \"rails\", \"~> 7.1\"\n" });
  assert.equal(first.writer.id, 'rails');
  assert.equal((await firstTarget({ Gemfile: "gem 'sinatra'\n" })).writer.id, 'env');
});

test('pom.xml or build.gradle with Spring Boot pre-selects the properties file', async () => {
  const pom = await firstTarget({ 'pom.xml': '<artifactId>spring-boot-starter-mail</artifactId>' });
  assert.deepEqual([pom.writer.id, pom.path], ['spring-boot', 'src/main/resources/application.properties']);
  assert.equal((await firstTarget({ 'build.gradle.kts': 'id("org.springframework.boot") version "3"\nimplementation("org.springframework.boot:spring-boot-starter-mail")' })).writer.id, 'spring-boot');
  assert.equal((await firstTarget({ 'pom.xml': '<artifactId>jakarta.mail</artifactId>' })).writer.id, 'env');
});

test('a .csproj pre-selects appsettings.json beside it', async () => {
  const first = await firstTarget({ 'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />' });
  assert.deepEqual([first.writer.id, first.path], ['dotnet', 'src/Api/appsettings.json']);
});

test('nothing recognised: the default-target setting, else .env', async () => {
  assert.equal((await firstTarget({ 'README.md': '# x' }, 'msmtp')).writer.id, 'msmtp');
  assert.equal((await firstTarget({}, '')).writer.id, 'env');
  assert.equal((await firstTarget({}, 'no-such-writer')).writer.id, 'env');
  // What the workspace says beats the setting.
  assert.equal((await firstTarget({ 'manage.py': '' }, 'msmtp')).writer.id, 'django');
});

test('a broken package.json is ignored, not fatal', async () => {
  assert.equal((await firstTarget({ 'package.json': '{ "dependencies": { "nodemailer": ' }, 'laravel')).writer.id, 'laravel');
  assert.equal((await firstTarget({ 'package.json': 'null' })).writer.id, 'env');
});
