// server.mjs - start a real `lianfang serve` on a free port for API and
// browser tests: a fresh demo database in a temporary directory, the
// binary from $LIANFANG_BIN (make check uses the ASan+UBSan build).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = resolve(root, process.env.LIANFANG_BIN || 'lianfang');

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

// Run the CLI; returns {status, stdout, stderr}.
export function cli(args, input) {
  try {
    const stdout = execFileSync(BIN, args, { cwd: root, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

// Start a server on a demo city (419001 济源市). Returns
// { url, db, password, dir, stop(), proc, log() }; the demo accounts are
// admin, command, town (419001001...), community, grid, auditor, all
// with `password`.
export async function startServer({ division = '419001', args = [], demoArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lianfang-test-'));
  const db = join(dir, 'test.db');
  const demo = cli(['demo', '--db', db, '--division', division, '--seed', '7', ...demoArgs]);
  if (demo.status !== 0) throw new Error('demo failed: ' + demo.stderr);
  const password = /password for all: ([^)\s]+)/.exec(demo.stdout)[1];
  const accounts = {};
  for (const m of demo.stdout.matchAll(/^ {2}(\S+)\s+(\S+)\s+(\d+)$/gm))
    accounts[m[1]] = { role: m[2], node: m[3] };
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    '--web', join(root, 'web'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', d => { output += d; });
  proc.stderr.on('data', d => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(url + '/api/v1/healthz');
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || i > 200) throw new Error('server did not start:\n' + output);
    await new Promise(r => setTimeout(r, 50));
  }
  return {
    url, db, dir, password, accounts, proc,
    log: () => output,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const done = new Promise(r => proc.once('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
      // a sanitizer report means a bug even if every assertion passed
      if (/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(output))
        throw new Error('sanitizer report from the server:\n' + output);
    },
  };
}

// Log in and return a bearer token.
export async function login(url, username, password) {
  const r = await fetch(url + '/api/v1/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(body)}`);
  return body.token;
}

// fetch JSON with a bearer token; returns { status, body, headers }.
export async function api(url, token, method, path, body, headers = {}) {
  const h = { ...headers };
  if (token) h.authorization = 'Bearer ' + token;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') payload = body;
    else { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
  }
  const r = await fetch(url + path, { method, headers: h, body: payload });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { raw: text }; }
  return { status: r.status, body: json, headers: r.headers };
}
