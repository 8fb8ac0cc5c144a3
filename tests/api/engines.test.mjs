// engines.test.mjs - the same program on both engines, and PostgreSQL's
// bad inputs. Runs where a PostgreSQL server is configured
// (LIANFANG_TEST_PG, as make check sets it up); skipped otherwise.
//
// - `lianfang demo` with one seed gives the same city on SQLite and on
//   PostgreSQL: the same row count in every table, the same persons'
//   ID numbers;
// - an unreachable server, a wrong password, a database of an older or a
//   newer schema, a server that would not make a commit durable: one
//   clear line on stderr and exit 1, never a crash, never the password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, PG, newDb, dropDb, sql } from '../lib/server.mjs';

const skip = PG ? false : 'no PostgreSQL server (LIANFANG_TEST_PG)';
const root = resolve(new URL('../..', import.meta.url).pathname);
let dir;
const made = [];
const pgDb = () => { const db = newDb(dir, 'x'); made.push(db); return db; };

before(() => { dir = mkdtempSync(join(tmpdir(), 'lianfang-engines-')); });
after(() => {
  made.forEach(dropDb);
  rmSync(dir, { recursive: true, force: true });
});

// exit 1 and one line on stderr, matching re
function refused(r, re) {
  assert.equal(r.status, 1, `exit ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], re);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|Segmentation/);
}

function pwFile() {
  const p = join(dir, 'pw');
  writeFileSync(p, 'engines-password-1\n', { mode: 0o600 });
  return p;
}

test('demo with one seed gives the same city on SQLite and on PostgreSQL', { skip, timeout: 600000 },
  () => {
    const file = join(dir, 'demo.db');
    const pg = pgDb();
    const args = ['--division', '419001', '--seed', '11', '--population', '3000', '--days', '3',
      '--outbreak', '5'];
    const a = cli(['demo', '--db', file, ...args]);
    assert.equal(a.status, 0, a.stderr);
    const b = cli(['demo', '--db', pg, ...args]);
    assert.equal(b.status, 0, b.stderr);
    // the same summary lines (but for the random password and the timings)
    const summary = out => out.split('\n').filter(l => /^(population|movement|outbreak|cases):/.test(l))
      .map(l => l.replace(/\(\d+\.\d s\)/, '').replace(/\d+\.\d a person a day of \d+\.\d elapsed/, ''));
    assert.deepEqual(summary(b.stdout), summary(a.stdout));
    const tables = sql(file, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .split('\n');
    assert.ok(tables.length >= 20, tables.join(' '));
    const counts = db => Object.fromEntries(tables.map(t => [t, Number(sql(db, `SELECT count(*) FROM "${t}"`))]));
    const want = counts(file);
    assert.ok(want.person === 3000 && want.scan > 10000 && want.infection > 0, JSON.stringify(want));
    assert.deepEqual(counts(pg), want);
    const ids = db => createHash('sha256')
      .update(sql(db, 'SELECT id_number FROM person WHERE id_number IS NOT NULL ORDER BY id_number'))
      .digest('hex');
    assert.equal(ids(pg), ids(file));
  });

test('an unreachable server: one line naming it, exit 1', { skip }, () => {
  refused(cli(['user', 'list', '--db', 'postgresql://lianfang@127.0.0.1:1/lianfang']),
    /^lianfang user list: db: 无法连接 PostgreSQL（127\.0\.0\.1:1）：.*refused/);
});

test('a wrong password: one line, the password not shown, exit 1', { skip }, () => {
  const u = new URL(PG);
  u.password = 'not-the-password';
  u.pathname = '/postgres';
  const r = cli(['user', 'list', '--db', u.toString()]);
  refused(r, /无法连接 PostgreSQL.*password authentication failed/);
  assert.doesNotMatch(r.stderr + r.stdout, /not-the-password/);
});

test('a database that does not exist, or was never initialised: one line, exit 1', { skip }, () => {
  const u = new URL(PG);
  u.pathname = '/lf_no_such_database';
  refused(cli(['user', 'list', '--db', u.toString()]), /database "lf_no_such_database" does not exist/);
  refused(cli(['user', 'list', '--db', pgDb()]), /不是联防数据库（请先运行 lianfang init）/);
});

test('an older schema is refused by a command that reads, and upgraded by one that migrates',
  { skip }, () => {
    const db = pgDb();
    const files = readdirSync(join(root, 'src/store/schema/pg')).filter(f => f.endsWith('.sql')).sort();
    const older = files.length - 1;
    for (const f of files.slice(0, older))
      sql(db, readFileSync(join(root, 'src/store/schema/pg', f), 'utf8'));
    sql(db, `CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (${older})`);
    refused(cli(['user', 'list', '--db', db]),
      new RegExp(`的数据库结构版本为 ${older}，比本程序的 ${files.length} 旧（lianfang serve 会升级它）`));
    const r = cli(['init', '--db', db, '--division', '419001', '--admin', 'root', '--password-file', pwFile()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(db, 'SELECT version FROM schema_version'), String(files.length));
    assert.equal(cli(['user', 'list', '--db', db]).status, 0);
  });

test('a newer schema than the program knows: one line, exit 1, nothing changed', { skip }, () => {
  const db = pgDb();
  assert.equal(cli(['init', '--db', db, '--division', '419001', '--admin', 'root',
    '--password-file', pwFile()]).status, 0);
  sql(db, 'UPDATE schema_version SET version = 99');
  refused(cli(['user', 'list', '--db', db]), /的数据库结构版本为 99，比本程序的 \d+ 新：请使用更新的 lianfang/);
  const serve = cli(['serve', '--db', db, '--listen', '127.0.0.1:1']);
  assert.equal(serve.status, 1, serve.stderr);
  assert.match(serve.stderr, /结构版本为 99/);
  assert.equal(sql(db, 'SELECT version FROM schema_version'), '99');
});

test('a server that would not make a commit durable is refused, by every command', { skip }, () => {
  // fsync and full_page_writes can only be set for the whole server;
  // synchronous_commit can be set for one database, and the same check
  // reads all three
  const db = pgDb();
  assert.equal(cli(['init', '--db', db, '--division', '419001', '--admin', 'root',
    '--password-file', pwFile()]).status, 0);
  const name = new URL(db).pathname.slice(1);
  sql(PG, `ALTER DATABASE ${name} SET synchronous_commit = off`);
  refused(cli(['user', 'list', '--db', db]),
    /PostgreSQL 服务器的 synchronous_commit=off，已确认的提交可能丢失/);
  const serve = cli(['serve', '--db', db, '--listen', '127.0.0.1:1']);
  assert.equal(serve.status, 1, serve.stderr);
  assert.match(serve.stderr, /synchronous_commit=off/);
  sql(PG, `ALTER DATABASE ${name} RESET synchronous_commit`);
  assert.equal(cli(['user', 'list', '--db', db]).status, 0);
});

// A server whose connections PostgreSQL closed (a restart, a failover, an
// administrator's pg_terminate_backend) opens them again before its next
// transaction: reads and writes go on, nothing is lost, nothing crashes.
test('a running server reconnects after PostgreSQL closed its connections', { skip, timeout: 120000 },
  async () => {
    const { startServer, login, api } = await import('../lib/server.mjs');
    const srv = await startServer();
    try {
      const token = await login(srv.url, 'admin', srv.password);
      const town = '419001002';
      const before = await api(srv.url, token, 'GET', `/api/v1/nodes/${town}/children`);
      assert.equal(before.status, 200);
      const killed = sql(srv.db, 'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity ' +
        'WHERE datname = current_database() AND pid <> pg_backend_pid()');
      assert.ok(Number(killed) >= 1, `terminated ${killed} connections`);
      // every thread's connection was closed: enough requests to reach each
      for (let i = 0; i < 12; i++) {
        const r = await api(srv.url, token, 'GET', `/api/v1/nodes/${town}/children`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.children.length, before.body.children.length);
      }
      const w = await api(srv.url, token, 'POST', '/api/v1/nodes',
        { kind: 'community', name: '重连后社区', parent: town });
      assert.equal(w.status, 201, JSON.stringify(w.body));
      assert.match(srv.log(), /reconnected to PostgreSQL/);
    } finally {
      await srv.stop();
    }
  });
