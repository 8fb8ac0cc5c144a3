// server.mjs - start a real `lianfang serve` on a free port for API and
// browser tests: a fresh demo database in a temporary directory, the
// binary from $LIANFANG_BIN (make check uses the ASan+UBSan build).
//
// The engine: SQLite files, or, with LIANFANG_TEST_PG set to a PostgreSQL
// URL (a role that may CREATE DATABASE; its password in PGPASSFILE, as
// scripts/pg-scratch sets up), a fresh database on that server for each
// one the tests ask for (newDb), dropped when the test is done with it.
// sql() runs SQL on either: write what both engines take.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = resolve(root, process.env.LIANFANG_BIN || 'lianfang');
export const PG = process.env.LIANFANG_TEST_PG || '';
export const ENGINE = PG ? 'PostgreSQL' : 'SQLite';
// the served tree of the pages (make web: hashed names, .br and .gz twins)
export const WEB = join(root, 'build/web');

function psql(url, args) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// PG's URL with its database name replaced by name.
function pgUrl(name) {
  const u = new URL(PG);
  u.pathname = '/' + name;
  return u.toString();
}

const dbName = db => new URL(db).pathname.slice(1);

let dbSeq = 0;

// A fresh, empty database: a file path in dir, or a new database on the
// PostgreSQL server (name only tells them apart in a test's messages).
export function newDb(dir, name) {
  if (!PG) return join(dir, name);
  const db = `lf_test_${process.pid}_${dbSeq++}`;
  psql(PG, ['-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
  return pgUrl(db);
}

export function dropDb(db) {
  if (PG) psql(PG, ['-c', `DROP DATABASE IF EXISTS ${dbName(db)} WITH (FORCE)`]);
}

// Whether anything was written to db: the file exists, or the database
// has a table.
export function dbWritten(db) {
  if (!PG) return existsSync(db);
  return psql(db, ['-c', "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"]).trim() !== '0';
}

// After rows written with their ids, PostgreSQL's identity columns would
// draw those ids again: move each one's sequence past the largest id
// (SQLite draws max(id) + 1 by itself).
const SYNC_IDS = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname AS t, a.attname AS col FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid WHERE a.attidentity <> ''
    AND c.relnamespace = current_schema()::regnamespace LOOP
  EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), '
    'coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', quote_ident(r.t), r.col, r.col, r.t);
  END LOOP; END $$`;

// Run q on db, a file or a PostgreSQL URL (sqlite3's or psql's rows:
// columns joined by |, one row a line), trimmed.
export function sql(db, q) {
  if (!/^postgres(ql)?:/.test(db))
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' }).trim();
  const out = psql(db, ['-c', q]);
  if (!/^\s*select/i.test(q)) psql(db, ['-c', SYNC_IDS]);
  return out.trim();
}

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
  if (!existsSync(join(WEB, 'index.html')))
    throw new Error('build/web is missing: run make web');
  const dir = mkdtempSync(join(tmpdir(), 'lianfang-test-'));
  const db = newDb(dir, 'test.db');
  const demo = cli(['demo', '--db', db, '--division', division, '--seed', '7', ...demoArgs]);
  if (demo.status !== 0) throw new Error('demo failed: ' + demo.stderr);
  const password = /password for all: ([^)\s]+)/.exec(demo.stdout)[1];
  const accounts = {};
  for (const m of demo.stdout.matchAll(/^ {2}(\S+)\s+(\S+)\s+(\d+)$/gm))
    accounts[m[1]] = { role: m[2], node: m[3] };
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    '--web', WEB, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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
      dropDb(db);
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
