// A demo journal served by the tapchi binary under test, for the browser tests: made in a
// temporary directory, with the accounts asked for, stopped and removed by stop(). When
// $TAPCHI_TEST_POSTGRES names the file holding a throwaway PostgreSQL cluster's URL (ctest's
// `postgres` fixture), the journal lives in a fresh database there.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.TAPCHI_BINARY;
assert.ok(binary, 'TAPCHI_BINARY names the tapchi binary to test');

// The environment every tapchi of this process runs with: TAPCHI_DATABASE, a database of its
// own, on PostgreSQL.
const environment = { ...process.env };
if (process.env.TAPCHI_TEST_POSTGRES) {
  const server = readFileSync(process.env.TAPCHI_TEST_POSTGRES, 'utf8').trim();
  const name = `browser_${process.pid}_${Date.now()}`;
  const made = spawnSync('psql', ['-q', `${server}/postgres`, '-c', `CREATE DATABASE ${name}`],
                         { encoding: 'utf8' });
  assert.equal(made.status, 0, `creating ${name}: ${made.stderr}`);
  environment.TAPCHI_DATABASE = `${server}/${name}`;
}

function tapchi(args, input) {
  const r = spawnSync(binary, args, { input, encoding: 'utf8', env: environment });
  assert.equal(r.status, 0, `tapchi ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

// accounts: [{ email, role, name, language }] (language: 'en', 'vi' or none for the journal's).
export async function startJournal(accounts) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapchi-browser-'));
  const config = path.join(dir, 'j', 'tapchi.toml');
  tapchi(['init', path.join(dir, 'j'), '--name', 'Tạp chí Sông Hồng']);
  tapchi(['demo', '--config', config]);  // articles with approved comments to moderate
  for (const a of accounts) {
    tapchi(['user', 'add', '--role', a.role, '--name', a.name,
            ...(a.language ? ['--language', a.language] : []), a.email, '--config', config],
           'a long passphrase\n');
  }
  const server = spawn(binary, ['serve', '--config', config, '--listen', '127.0.0.1:0'],
                       { env: environment });
  // What the server says goes to the artifacts, for a look when a walk fails.
  const log = path.join(process.env.TAPCHI_BROWSER_ARTIFACTS ?? dir, `server-${process.pid}.log`);
  mkdirSync(path.dirname(log), { recursive: true });
  server.stderr.on('data', (chunk) => appendFileSync(log, chunk));
  server.stdout.on('data', (chunk) => appendFileSync(log, chunk));
  server.on('exit', (code, signal) => appendFileSync(log, `tapchi exited: ${code} ${signal}\n`));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`tapchi did not start: ${out}`)), 30000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`tapchi exited (${code}): ${out}`)));
  });
  return {
    dir,
    base,
    stop() {
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Debian's chromium (or $CHROMIUM), headless, as the tests drive it.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
