// lockout.test.mjs - five failed logins in a row lock an account for ten
// minutes; every failure is answered after a growing delay (250 ms
// doubling to 4 s), so this file is slow by design (~30 s).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, cli, login } from '../lib/server.mjs';
import { expectReply, tokens, postLogin, auditMark, auditSince, timed } from './helpers.mjs';

const SLOW = { timeout: 60_000 };
const WRONG = { code: 'unauthorized', key: 'auth.bad_credentials', error: '用户名或密码错误' };

let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin']);
});
after(async () => { await srv.stop(); });

// A fresh account made with the CLI on the serving database.
function addUser(name, password) {
  const pw = join(srv.dir, `${name}.pw`);
  writeFileSync(pw, password + '\n', { mode: 0o600 });
  const r = cli(['user', 'add', '--db', srv.db, '--name', name, '--role', 'command', '--node', '419001',
    '--password-file', pw]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`added user ${name} `));
}

describe('lockout', () => {
  test('5 wrong passwords in a row, then even the right one gets 429 locked', SLOW, async () => {
    addUser('locky', 'locky-password-1');
    await login(srv.url, 'locky', 'locky-password-1');      // the account works
    const mark = await auditMark(srv, tok.admin);
    const times = [];
    for (let i = 1; i <= 5; i++) {
      const { r, ms } = await timed(() => postLogin(srv, { username: 'locky', password: `wrong-${i}` }));
      expectReply(r, 401, WRONG, `failure ${i}`);
      times.push(ms);
    }
    // every failure is slowed, more each time (250, 500, 1000, 2000, 4000 ms)
    assert.ok(times[0] >= 200, `first failure answered after ${times[0]} ms`);
    for (let i = 1; i < 5; i++)
      assert.ok(times[i] > times[i - 1], `delays grow: ${times.map(Math.round)}`);
    assert.ok(times[4] >= 3500, `fifth failure answered after ${times[4]} ms`);

    const locked = await postLogin(srv, { username: 'locky', password: 'locky-password-1' });
    expectReply(locked, 429, { code: 'locked', key: 'auth.locked',
      error: /^账户已锁定：连续 5 次登录失败，请 \d+ 分钟后再试$/, token: undefined });
    assert.equal(locked.headers.get('set-cookie'), null);
    // still locked, whatever the password
    expectReply(await postLogin(srv, { username: 'locky', password: 'wrong-6' }), 429, { code: 'locked' });

    // the list shows it; the log has the failures and the lock
    const users = (await api(srv.url, tok.admin, 'GET', '/api/v1/users')).body.users;
    assert.equal(users.find(u => u.username === 'locky').locked, true);
    const rows = (await auditSince(srv, tok.admin, mark, 'login')).filter(e => e.username === 'locky');
    const actions = rows.map(e => e.action).reverse();
    assert.deepEqual(actions.slice(0, 5), ['login.fail', 'login.fail', 'login.fail', 'login.fail', 'login.lock']);
    assert.ok(actions.slice(5).every(a => a === 'login.locked'), actions.join(' '));
    assert.ok(rows.every(e => !e.success));
    assert.ok(!JSON.stringify(rows).includes('wrong-'), 'no typed password in the log');

    // other accounts are not affected
    await login(srv.url, 'admin', srv.password);
  });

  test('an administrator\'s password reset unlocks the account', SLOW, async () => {
    const id = (await api(srv.url, tok.admin, 'GET', '/api/v1/users')).body.users.find(u => u.username === 'locky').id;
    const r = await api(srv.url, tok.admin, 'PATCH', `/api/v1/users/${id}`, { password: 'locky-password-2' });
    expectReply(r, 200, { locked: false });
    const ok = await postLogin(srv, { username: 'locky', password: 'locky-password-2' });
    expectReply(ok, 200, { user: { username: 'locky' } });
  });

  test('the failures must be in a row: a good login resets the count', SLOW, async () => {
    addUser('resetty', 'resetty-password-1');
    for (let i = 1; i <= 4; i++)
      expectReply(await postLogin(srv, { username: 'resetty', password: `wrong-${i}` }), 401, WRONG);
    await login(srv.url, 'resetty', 'resetty-password-1');
    // the count starts again: a fifth failure overall is not a lock
    const { r, ms } = await timed(() => postLogin(srv, { username: 'resetty', password: 'wrong-5' }));
    expectReply(r, 401, WRONG);
    assert.ok(ms < 2000, `the delay started again too (${Math.round(ms)} ms)`);
    await login(srv.url, 'resetty', 'resetty-password-1');
  });
});

describe('the failed-login delay tells nothing', () => {
  // BUG: an unknown username is always answered after 250 ms, a known one
  // after 250, 500, 1000 ms...: from the second failure on, the delay tells
  // whether the account exists (and only known accounts ever answer 429).
  test('an unknown username gets the same growing delay as a known one', SLOW, async () => {
    addUser('timing.known', 'timing-password-1');
    const known = [], unknown = [];
    for (let i = 1; i <= 3; i++) {
      known.push((await timed(() => postLogin(srv, { username: 'timing.known', password: 'wrong-pw' }))).ms);
      unknown.push((await timed(() => postLogin(srv, { username: 'timing.unknown', password: 'wrong-pw' }))).ms);
    }
    assert.ok(known[2] >= 900, `known: ${known.map(Math.round)}`);
    assert.ok(unknown[2] >= known[2] * 0.8,
      `third failure: known user ${Math.round(known[2])} ms, unknown user ${Math.round(unknown[2])} ms`);
  });

  // BUG: h_login reads out.delay_ms when the body fails validation, before
  // auth_login() has initialised `out`: the reply to a malformed login is
  // delayed by whatever was on the stack (observed: 0 ms and 4 s alternately).
  test('a malformed login body is answered with the same delay every time', SLOW, async () => {
    const ms = [];
    for (let i = 0; i < 4; i++) {
      const { r, ms: t } = await timed(() => postLogin(srv, { username: 'admin' }));
      expectReply(r, 400, { code: 'invalid', field: 'password' });
      ms.push(t);
    }
    assert.ok(Math.max(...ms) - Math.min(...ms) < 500, `delays: ${ms.map(Math.round)} ms`);
  });
});
