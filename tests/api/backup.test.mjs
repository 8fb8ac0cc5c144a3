// backup.test.mjs - lianfang backup and restore of a running demo city, on
// the engine under test (SQLite: the online backup API; PostgreSQL:
// pg_dump and pg_restore):
// - a backup taken while writes go on is one moment: every node in the
//   copy has its audit row, and no audit row lacks its node;
// - taken when the writes have stopped, it restores to the same rows:
//   the same count in every table (the restored city has one audit row
//   more, its "db.restore"), the same persons' ID numbers;
// - restore goes to a new file or an empty database only; bad arguments
//   exit 2, a missing copy exits 1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startServer, api, cli, newDb, dropDb, sql, BIN } from '../lib/server.mjs';
import { tokens, expectReply } from './helpers.mjs';

let srv, tok;
const made = [];
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin']);
});
after(async () => {
  made.forEach(dropDb);
  await srv.stop();
});

const fresh = name => { const db = newDb(srv.dir, name); made.push(db); return db; };
const tables = () => sql(srv.db, /^postgres/.test(srv.db)
  ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version' ORDER BY 1"
  : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1").split('\n');
const counts = db => Object.fromEntries(tables().map(t => [t, Number(sql(db, `SELECT count(*) FROM "${t}"`))]));
const ids = db => createHash('sha256')
  .update(sql(db, 'SELECT id_number FROM person WHERE id_number IS NOT NULL ORDER BY id_number')).digest('hex');

// the CLI without blocking the event loop (the server's replies are awaited meanwhile)
const cliAsync = args => new Promise(ok => execFile(BIN, args, { encoding: 'utf8' },
  (e, stdout, stderr) => ok({ status: e ? e.code : 0, stdout, stderr })));

test('a backup taken during writes is one consistent moment', { timeout: 300000 }, async () => {
  let stop = false, n = 0;
  const writer = (async () => {
    while (!stop) {
      const r = await api(srv.url, tok.admin, 'POST', '/api/v1/nodes',
        { kind: 'community', name: `备份社区${n++}`, parent: '419001001' });
      expectReply(r, 201);
    }
  })();
  await new Promise(r => setTimeout(r, 300));
  const out = join(srv.dir, 'during.bak');
  const b = await cliAsync(['backup', '--db', srv.db, '--out', out]);
  stop = true;
  await writer;
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /backed up to .*during\.bak/);
  const db = fresh('during.db');
  const r = cli(['restore', '--db', db, '--from', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /integrity check ok/);
  const nodes = Number(sql(db, "SELECT count(*) FROM node WHERE name LIKE '备份社区%'"));
  const audited = Number(sql(db, "SELECT count(*) FROM audit WHERE action = 'node.create' AND success = 1 " +
    "AND detail LIKE '备份社区%'"));
  assert.ok(n > 0, 'some writes went on');
  assert.equal(audited, nodes, 'each node in the copy has its audit row');
  assert.equal(Number(sql(db, "SELECT count(*) FROM audit WHERE action = 'db.backup'")), 1);
});

test('a backup of a quiet running city restores to the same rows', { timeout: 300000 }, async () => {
  const out = join(srv.dir, 'quiet.bak');
  const b = cli(['backup', '--db', srv.db, '--out', out]);
  assert.equal(b.status, 0, b.stderr);
  const db = fresh('quiet.db');
  const r = cli(['restore', '--db', db, '--from', out]);
  assert.equal(r.status, 0, r.stderr);
  const want = counts(srv.db), got = counts(db);
  assert.ok(want.person > 1000 && want.node > 100, JSON.stringify(want));
  want.audit += 1;                    // the restored city's own "db.restore"
  assert.deepEqual(got, want);
  assert.equal(ids(db), ids(srv.db));
  // the copy serves: the running server's accounts log in to it
  const u = cli(['user', 'list', '--db', db]);
  assert.equal(u.status, 0, u.stderr);
  assert.match(u.stdout, /\badmin\b/);
  // and its identity sequences go on after the rows it has
  const before = Number(sql(db, 'SELECT max(id) FROM audit'));
  assert.equal(cli(['user', 'list', '--db', db]).status, 0);
  const add = cli(['backup', '--db', db, '--out', join(srv.dir, 'again.bak')]);
  assert.equal(add.status, 0, add.stderr);
  assert.ok(Number(sql(db, 'SELECT max(id) FROM audit')) > before);
});

test('restore never goes over a city, and bad arguments are refused', () => {
  const out = join(srv.dir, 'refuse.bak');
  assert.equal(cli(['backup', '--db', srv.db, '--out', out]).status, 0);
  let r = cli(['restore', '--db', srv.db, '--from', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^lianfang restore: db: .*(已存在|已有数据表)/);
  r = cli(['backup', '--db', srv.db, '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^lianfang backup: out: .*已存在；请指定一个新文件/);
  r = cli(['restore', '--db', fresh('missing.db'), '--from', join(srv.dir, 'no-such.bak')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^lianfang restore: from: 无法读取/);
  assert.equal(cli(['backup', '--db', srv.db]).status, 2);
  assert.equal(cli(['restore', '--from', out]).status, 2);
});
