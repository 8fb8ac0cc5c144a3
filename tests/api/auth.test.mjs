// auth.test.mjs - POST /login, GET /me, POST /logout; bearer tokens and
// cookie sessions with their CSRF token (docs/API.md, "Authentication").
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import {
  runCase, expectReply, err, tokens, postLogin, parseSetCookie, children, auditSince,
  auditMark,
} from './helpers.mjs';

const WRONG = { key: 'auth.bad_credentials', error: '用户名或密码错误', code: 'unauthorized',
  field: undefined };

let srv, tok;
before(async () => {
  srv = await startServer({ args: ['--no-rate-limits'] });   // 'command' logs in often; floods.test.mjs tests the limits
  tok = await tokens(srv, ['admin']);
});
after(async () => { await srv.stop(); });

describe('login', () => {
  // password: true means the demo password
  const cases = [
    { name: 'admin with the demo password', body: { username: 'admin', password: true },
      status: 200,
      json: { token: /^[A-Za-z0-9_-]{22}$/, csrf: /^[A-Za-z0-9_-]{43}$/,
              user: { id: 1, username: 'admin', role: 'admin', role_label: '系统管理员', node: '419001' },
              display_name: '系统管理员' } },
    { name: 'explicit token session', body: { username: 'command', password: true, session: 'token' },
      status: 200, json: { token: /^[A-Za-z0-9_-]{22}$/, user: { username: 'command', role: 'command' } } },
    { name: 'wrong password', body: { username: 'command', password: 'not-the-password' },
      status: 401, json: WRONG },
    { name: 'unknown user gets the same 401', body: { username: 'nosuchuser', password: 'whatever1' },
      status: 401, json: WRONG },
    { name: 'username is case-sensitive', body: { username: 'Admin', password: true },
      status: 401, json: WRONG },
    { name: 'missing password', body: { username: 'admin' }, status: 400, json: err('invalid', 'password') },
    { name: 'empty username', body: { username: '', password: 'x' }, status: 400, json: err('invalid', 'username') },
    { name: 'username not a string', body: { username: 7, password: 'x' }, status: 400, json: err('invalid', 'username') },
    { name: 'unknown session kind', body: { username: 'admin', password: true, session: 'jwt' },
      status: 400, json: err('invalid', 'session') },
    { name: 'body not JSON', body: 'username=admin&password=x', status: 400, json: err('invalid', 'body') },
    { name: 'body a JSON array', body: '["admin","x"]', status: 400, json: err('invalid', 'body') },
    { name: 'empty body', body: '', status: 400, json: err('invalid', 'body') },
    { name: 'duplicate member', body: '{"username":"admin","username":"command","password":"x"}',
      status: 400, json: err('invalid', 'body') },
  ];
  for (const c of cases)
    test(c.name, async () => {
      let body = c.body;
      if (body && typeof body === 'object' && body.password === true)
        body = { ...body, password: srv.password };
      const r = await postLogin(srv, body);
      expectReply(r, c.status, c.json, c.name);
      if (c.status !== 200)
        assert.equal(r.headers.get('set-cookie'), null, 'no cookie on a failed login');
    });

  test('the wrong-password and unknown-user replies are identical', async () => {
    const a = await postLogin(srv, { username: 'community', password: 'wrong-password' });
    const b = await postLogin(srv, { username: 'no_such_one', password: 'wrong-password' });
    assert.equal(a.status, 401);
    assert.deepEqual(b.body, a.body);
    assert.equal(b.status, a.status);
  });

  test('each login gets a new token', async () => {
    const a = await postLogin(srv, { username: 'admin', password: srv.password });
    const b = await postLogin(srv, { username: 'admin', password: srv.password });
    assert.notEqual(a.body.token, b.body.token);
    assert.notEqual(a.body.csrf, b.body.csrf);
  });
});

describe('bearer tokens and /me', () => {
  const cases = [
    { name: 'Bearer token works on /me', as: 'admin', path: '/api/v1/me', status: 200,
      json: { id: 1, username: 'admin', role: 'admin', role_label: '系统管理员', node: '419001', csrf: undefined } },
    { name: 'lower-case "bearer" works too', path: '/api/v1/me', status: 200, bearerPrefix: 'bearer ',
      json: { username: 'admin' } },
    { name: 'no token', path: '/api/v1/me', status: 401, json: { code: 'unauthorized' } },
    { name: 'garbage token', path: '/api/v1/me', status: 401, token: 'garbage', json: { code: 'unauthorized' } },
    { name: 'well-formed but unknown token', path: '/api/v1/me', status: 401,
      token: 'AAAAAAAAAAAAAAAAAAAAAA', json: { code: 'unauthorized' } },
    { name: 'the csrf value is not a token', path: '/api/v1/me', status: 401, token: 'CSRF',
      json: { code: 'unauthorized' } },
    { name: 'Basic auth is not a session', path: '/api/v1/me', status: 401,
      headers: { authorization: 'Basic YWRtaW46eA==' }, json: { code: 'unauthorized' } },
    { name: 'no token on /roles', path: '/api/v1/roles', status: 401, json: { code: 'unauthorized' } },
    { name: 'no token on the tree', path: '/api/v1/nodes/419001/children', status: 401, json: { code: 'unauthorized' } },
    { name: 'no token on POST /nodes', method: 'POST', path: '/api/v1/nodes',
      body: { kind: 'community', name: '匿名社区', parent: '419001001' }, status: 401, json: { code: 'unauthorized' } },
    { name: 'garbage token on /users', path: '/api/v1/users', token: 'x'.repeat(22), status: 401,
      json: { code: 'unauthorized' } },
    { name: '/roles lists the 16 roles', as: 'admin', path: '/api/v1/roles', status: 200,
      json: { roles: r => r.length === 16 && r.some(x => x.role === 'town_officer' && x.label === '乡镇街道干部') } },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const cc = { ...c };
      if (c.token === 'CSRF')
        cc.token = (await postLogin(srv, { username: 'admin', password: srv.password })).body.csrf;
      if (c.bearerPrefix) {
        cc.token = null;
        cc.headers = { authorization: c.bearerPrefix + tok.admin };
      }
      await runCase(srv, tok, cc);
    });

  test('a token in the URL is not accepted', async () => {
    const r = await api(srv.url, null, 'GET', '/api/v1/me?token=' + tok.admin);
    expectReply(r, 401, { code: 'unauthorized' });
  });

  test('an over-long token is refused without a session', async () => {
    const r = await api(srv.url, 'A'.repeat(200), 'GET', '/api/v1/me');
    assert.ok(r.status === 401 || r.status === 400, `${r.status} ${JSON.stringify(r.body)}`);
    expectReply(r, r.status);
  });
});

describe('logout', () => {
  test('logout ends the session; the token is then refused', async () => {
    const t = (await postLogin(srv, { username: 'command', password: srv.password })).body.token;
    const other = (await postLogin(srv, { username: 'command', password: srv.password })).body.token;
    expectReply(await api(srv.url, t, 'GET', '/api/v1/me'), 200, { username: 'command' });
    const out = await api(srv.url, t, 'POST', '/api/v1/logout');
    assert.equal(out.status, 204);
    assert.equal(out.body, null);
    expectReply(await api(srv.url, t, 'GET', '/api/v1/me'), 401, { code: 'unauthorized' });
    expectReply(await api(srv.url, t, 'POST', '/api/v1/logout'), 401, { code: 'unauthorized' });
    // only that session ended
    expectReply(await api(srv.url, other, 'GET', '/api/v1/me'), 200, { username: 'command' });
  });

  // BUG (session cache, commit 679769c): logout runs in the writer's group
  // commit; between its cache drop and the batch's COMMIT a worker serving
  // another request with the same token still finds the session in SQLite
  // and caches it again, so the token keeps working for up to 30 s after
  // the 204 (seen in 18 of 20 tries).
  test('logout ends the session even while the same token has requests in flight', async () => {
    for (let round = 0; round < 5; round++) {
      const t = (await postLogin(srv, { username: 'command', password: srv.password })).body.token;
      expectReply(await api(srv.url, t, 'GET', '/api/v1/me'), 200);
      const out = api(srv.url, t, 'POST', '/api/v1/logout');
      const reads = Array.from({ length: 30 }, () => api(srv.url, t, 'GET', '/api/v1/nodes/419001/children'));
      assert.equal((await out).status, 204);
      await Promise.all(reads);
      expectReply(await api(srv.url, t, 'GET', '/api/v1/me'), 401, { code: 'unauthorized' },
        `round ${round}: GET /me after logout`);
      expectReply(await api(srv.url, t, 'GET', '/api/v1/nodes/419001/children'), 401, { code: 'unauthorized' },
        `round ${round}: GET children after logout`);
    }
  });

  test('logout is audited', async () => {
    const mark = await auditMark(srv, tok.admin);
    const t = (await postLogin(srv, { username: 'command', password: srv.password })).body.token;
    assert.equal((await api(srv.url, t, 'POST', '/api/v1/logout')).status, 204);
    const rows = await auditSince(srv, tok.admin, mark);
    assert.ok(rows.some(e => e.action === 'logout' && e.username === 'command' && e.success),
      JSON.stringify(rows));
    assert.ok(rows.some(e => e.action === 'login.ok' && e.username === 'command'));
    // no token or password in the log
    assert.ok(!JSON.stringify(rows).includes(t));
    assert.ok(!JSON.stringify(rows).includes(srv.password));
  });
});

describe('cookie sessions and CSRF', () => {
  let cookie, csrf, setCookie, cookieLogin;
  before(async () => {
    const r = await fetch(srv.url + '/api/v1/login', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: srv.password, session: 'cookie' }),
    });
    assert.equal(r.status, 200);
    setCookie = r.headers.get('set-cookie');
    const body = await r.json();
    csrf = body.csrf;
    const c = parseSetCookie(setCookie);
    cookie = `${c.name}=${c.value}`;
    cookieLogin = { body, parsed: c };
  });

  const withCookie = (method, path, body, extra = {}) =>
    api(srv.url, null, method, path, body, { cookie, ...extra });

  test('the login sets an HttpOnly SameSite=Strict cookie and the body has no token', () => {
    const { body, parsed } = cookieLogin;
    assert.equal(parsed.name, 'lf_session');
    assert.match(parsed.value, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(parsed.attrs.httponly, true, setCookie);
    assert.equal(String(parsed.attrs.samesite).toLowerCase(), 'strict', setCookie);
    assert.equal(parsed.attrs.path, '/', setCookie);
    assert.equal(parsed.attrs.secure, undefined, 'no Secure without --secure-cookies');
    assert.equal(body.token, undefined, 'no token in the body');
    assert.ok(!JSON.stringify(body).includes(parsed.value), 'the cookie value is nowhere in the body');
    assert.match(body.csrf, /^[A-Za-z0-9_-]{43}$/);
    assertUser(body.user);
  });
  function assertUser(u) {
    assert.equal(u.username, 'admin');
    assert.equal(u.role, 'admin');
  }

  test('GET /me with the cookie answers with the same csrf', async () => {
    const r = await withCookie('GET', '/api/v1/me');
    expectReply(r, 200, { username: 'admin', csrf });
  });

  test('GET needs no csrf', async () => {
    expectReply(await withCookie('GET', '/api/v1/nodes/419001/children'), 200);
  });

  for (const [name, headers] of [
    ['without X-CSRF-Token', {}],
    ['with an empty X-CSRF-Token', { 'x-csrf-token': '' }],
    ['with a wrong X-CSRF-Token', { 'x-csrf-token': 'A'.repeat(43) }],
  ])
    test(`POST with the cookie ${name} → 403 X-CSRF-Token, nothing created`, async () => {
      const before = await children(srv, tok.admin, '419001003');
      const r = await withCookie('POST', '/api/v1/nodes',
        { kind: 'community', name: 'CSRF社区', parent: '419001003' }, headers);
      expectReply(r, 403, err('forbidden', 'X-CSRF-Token'));
      const after = await children(srv, tok.admin, '419001003');
      assert.deepEqual(after.children.map(n => n.code), before.children.map(n => n.code));
    });

  test('the csrf of another session does not fit this cookie', async () => {
    const otherCsrf = (await postLogin(srv, { username: 'admin', password: srv.password, session: 'cookie' })).body.csrf;
    assert.notEqual(otherCsrf, csrf);
    const r = await withCookie('POST', '/api/v1/nodes',
      { kind: 'community', name: 'CSRF社区', parent: '419001003' }, { 'x-csrf-token': otherCsrf });
    expectReply(r, 403, err('forbidden', 'X-CSRF-Token'));
  });

  test('with the right csrf a POST works', async () => {
    const r = await withCookie('POST', '/api/v1/nodes',
      { kind: 'community', name: 'Cookie社区', parent: '419001003' }, { 'x-csrf-token': csrf });
    expectReply(r, 201, { kind: 'community', name: 'Cookie社区', parent: '419001003', code: /^419001003\d{3}$/ });
  });

  test('a CSRF denial is written to the audit log', async () => {
    // API.md: "Denied requests are written to the audit log"; a POST with a
    // valid session cookie and no CSRF token is what a forged request looks like
    const mark = await auditMark(srv, tok.admin);
    const r = await withCookie('POST', '/api/v1/nodes',
      { kind: 'community', name: 'CSRF审计', parent: '419001003' });
    assert.equal(r.status, 403);
    const rows = await auditSince(srv, tok.admin, mark);
    assert.ok(rows.some(e => !e.success && e.username === 'admin' && e.action !== 'audit.read'),
      'no audit row for the denied request; rows since: ' + JSON.stringify(rows));
  });

  test('logout with the cookie needs the csrf, then clears the cookie and ends the session', async () => {
    const denied = await withCookie('POST', '/api/v1/logout');
    expectReply(denied, 403, err('forbidden', 'X-CSRF-Token'));
    expectReply(await withCookie('GET', '/api/v1/me'), 200, { username: 'admin' });
    const r = await withCookie('POST', '/api/v1/logout', undefined, { 'x-csrf-token': csrf });
    assert.equal(r.status, 204);
    const cleared = parseSetCookie(r.headers.get('set-cookie'));
    assert.equal(cleared.name, 'lf_session');
    assert.equal(cleared.value, '');
    assert.equal(cleared.attrs['max-age'], '0');
    expectReply(await withCookie('GET', '/api/v1/me'), 401, { code: 'unauthorized' });
  });
});

describe('serve --secure-cookies', () => {
  let sec;
  before(async () => { sec = await startServer({ args: ['--secure-cookies'] }); });
  after(async () => { await sec.stop(); });

  test('the cookie is __Host-lf_session; Secure; Path=/ and no Domain', async () => {
    const r = await fetch(sec.url + '/api/v1/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: sec.password, session: 'cookie' }),
    });
    assert.equal(r.status, 200);
    const c = parseSetCookie(r.headers.get('set-cookie'));
    assert.equal(c.name, '__Host-lf_session');
    assert.equal(c.attrs.secure, true);
    assert.equal(c.attrs.httponly, true);
    assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict');
    assert.equal(c.attrs.path, '/');
    assert.equal(c.attrs.domain, undefined);
    const me = await api(sec.url, null, 'GET', '/api/v1/me', undefined, { cookie: `${c.name}=${c.value}` });
    expectReply(me, 200, { username: 'admin' });
    // the plain name is not read when secure cookies are on
    const plain = await api(sec.url, null, 'GET', '/api/v1/me', undefined, { cookie: `lf_session=${c.value}` });
    expectReply(plain, 401, { code: 'unauthorized' });
  });
});
