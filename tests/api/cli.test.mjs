// cli.test.mjs - the lianfang command line: init, user add/list, and its
// exit codes (0 done, 1 refused with a message, 2 usage). The server is
// started too, to check that the CLI works on a database being served.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, cli, login, newDb, dropDb, dbWritten } from '../lib/server.mjs';
import { expectReply } from './helpers.mjs';

let srv, dir;
// a fresh database (a file, or one on the PostgreSQL server) per name
const dbs = {};
const dbFor = name => dbs[name] || (dbs[name] = newDb(dir, name));
before(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'lianfang-cli-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  Object.values(dbs).forEach(dropDb);
  await srv.stop();
});

const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text, { mode: 0o600 });
  return p;
};
const users = (db) => {
  const r = cli(['user', 'list', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map(l => l.split('\t'));
};

describe('init', () => {
  test('init with the password from a file creates a database and its administrator', () => {
    const db = dbFor('a.db');
    const r = cli(['init', '--db', db, '--division', '419001', '--admin', 'root',
      '--password-file', file('pw', 'root-password-1\n')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /initialised .* for 419001; administrator: root/);
    assert.ok(dbWritten(db));
    assert.deepEqual(users(db), [['1', 'root', 'admin', '419001', 'active']]);
  });

  test('a second init on the same database fails with a message and exit 1, changing nothing', () => {
    const db = dbFor('a.db');
    const r = cli(['init', '--db', db, '--division', '419001', '--admin', 'other',
      '--password-file', file('pw2', 'other-password-1\n')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^lianfang init: db: ${db.replace(/[.?]/g, '\\$&')} 已经初始化过$`, 'm'));
    assert.equal(r.stdout, '');
    assert.deepEqual(users(db), [['1', 'root', 'admin', '419001', 'active']]);
  });

  test('init reads the password from stdin with --password-file -', () => {
    const db = dbFor('stdin.db');
    const r = cli(['init', '--db', db, '--division', '419001', '--admin', 'root', '--password-file', '-'],
      'stdin-password-1\n');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(users(db).length, 1);
  });

  const refused = [
    { name: 'a short password', args: ['--division', '419001', '--admin', 'root'], pw: 'short\n', msg: /password/ },
    { name: 'an empty password file', args: ['--division', '419001', '--admin', 'root'], pw: '', msg: /password-file/ },
    { name: 'a password file that does not exist', args: ['--division', '419001', '--admin', 'root'],
      pwPath: '/nonexistent/pw', msg: /password-file/ },
    { name: 'a bad admin name', args: ['--division', '419001', '--admin', 'Root Admin'], pw: 'root-password-1\n',
      msg: /username/ },
    { name: 'a division of 9 digits', args: ['--division', '419001001', '--admin', 'root'], pw: 'root-password-1\n',
      msg: /division/ },
  ];
  for (const c of refused)
    test(`init refuses ${c.name}: exit 1 with a message`, () => {
      const db = dbFor(`refused-${refused.indexOf(c)}.db`);
      const r = cli(['init', '--db', db, ...c.args, '--password-file', c.pwPath || file('pw-r', c.pw)]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, c.msg);
      assert.doesNotMatch(r.stderr, /root-password-1/, 'the password is not echoed');
    });
});

describe('user add and list', () => {
  let db;
  before(() => {
    db = dbFor('u.db');
    const r = cli(['init', '--db', db, '--division', '419001', '--admin', 'root',
      '--password-file', file('pw-u', 'root-password-1\n')]);
    assert.equal(r.status, 0, r.stderr);
  });

  test('user add with an unknown role exits 1 with a message naming role', () => {
    const r = cli(['user', 'add', '--db', db, '--name', 'newbie', '--role', 'wizard', '--node', '419001',
      '--password-file', file('pw-n', 'newbie-password-1\n')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\brole\b/);
    assert.equal(users(db).length, 1, 'nobody added');
  });

  const refused = [
    { name: 'a node that does not exist', args: ['--role', 'command', '--node', '419001199'], msg: /node/ },
    { name: 'a town officer on a county', args: ['--role', 'town_officer', '--node', '419001'], msg: /node/ },
    { name: 'a short password', args: ['--role', 'command', '--node', '419001'], pw: 'short\n', msg: /password/ },
  ];
  for (const c of refused)
    test(`user add refuses ${c.name}: exit 1 with a message`, () => {
      const r = cli(['user', 'add', '--db', db, '--name', 'newbie', ...c.args,
        '--password-file', file('pw-n', c.pw || 'newbie-password-1\n')]);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, c.msg);
      assert.equal(users(db).length, 1, 'nobody added');
    });

  test('user add then user list', () => {
    const r = cli(['user', 'add', '--db', db, '--name', 'li.na', '--role', 'town_officer', '--node', '419001102',
      '--password-file', file('pw-l', 'li-na-password-1\n'), '--display-name', '李娜']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /added user li\.na \(id 2, town_officer at 419001102\)/);
    assert.deepEqual(users(db).find(u => u[1] === 'li.na'), ['2', 'li.na', 'town_officer', '419001102', 'active']);
  });

  test('user add on a database that was never initialised: exit 1, and nothing is made', () => {
    const nodb = dbFor('never.db');
    const r = cli(['user', 'add', '--db', nodb, '--name', 'newbie', '--role', 'command', '--node', '419001',
      '--password-file', file('pw-n', 'newbie-password-1\n')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /db/);
    assert.ok(!dbWritten(nodb));
  });

  test('a user added by the CLI to the served database logs in through the API', async () => {
    const r = cli(['user', 'add', '--db', srv.db, '--name', 'from.cli', '--role', 'command', '--node', '419001',
      '--password-file', file('pw-c', 'from-cli-password-1\n')]);
    assert.equal(r.status, 0, r.stderr);
    const t = await login(srv.url, 'from.cli', 'from-cli-password-1');
    expectReply(await api(srv.url, t, 'GET', '/api/v1/me'), 200, { username: 'from.cli', role: 'command' });
    // and the change is in the audit log as the CLI's
    const admin = await login(srv.url, 'admin', srv.password);
    const a = await api(srv.url, admin, 'GET', '/api/v1/audit?action=user.create&limit=5');
    assert.ok(a.body.entries.some(e => e.username === '(cli)' && e.addr === 'local' && e.success),
      JSON.stringify(a.body.entries));
  });
});

describe('usage', () => {
  const cases = [
    { name: 'no arguments', args: [], status: 2, stderr: /usage: lianfang COMMAND/ },
    { name: 'an unknown command', args: ['frobnicate'], status: 2, stderr: /unknown command 'frobnicate'/ },
    { name: 'init without --db', args: ['init', '--division', '419001', '--admin', 'root', '--password-file', '-'],
      status: 2, stderr: /usage: lianfang init/ },
    { name: 'init with an unknown option', args: ['init', '--db', 'x.db', '--password', 'secret'], status: 2,
      stderr: /unknown option '--password'/ },
    { name: 'an option without its value', args: ['user', 'list', '--db'], status: 2, stderr: /needs a value/ },
    { name: 'user without a subcommand', args: ['user'], status: 2, stderr: /usage: lianfang user/ },
    { name: 'user add without --role', args: ['user', 'add', '--db', 'x.db', '--name', 'a', '--node', '419001',
      '--password-file', '-'], status: 2, stderr: /usage: lianfang user add/ },
    { name: '--help', args: ['--help'], status: 0, stdout: /usage: lianfang COMMAND/ },
    { name: 'init --help', args: ['init', '--help'], status: 0, stdout: /usage: lianfang init/ },
  ];
  for (const c of cases)
    test(`${c.name} → exit ${c.status}`, () => {
      const r = cli(c.args);
      assert.equal(r.status, c.status, r.stderr);
      if (c.stderr) assert.match(r.stderr, c.stderr);
      if (c.stdout) assert.match(r.stdout, c.stdout);
    });
});
