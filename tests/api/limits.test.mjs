// limits.test.mjs - body limits (413), unknown paths (404), wrong methods
// (405), the health check, and concurrent requests.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api } from '../lib/server.mjs';
import { runCase, expectReply, err, tokens, children } from './helpers.mjs';

let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'town']);
});
after(async () => { await srv.stop(); });

const KiB = 1024, MiB = 1024 * 1024;
// a login (unknown user: a prompt 401) of exactly n bytes
const loginOfSize = (n) => {
  // the length is in the password (a login takes no member it does not know)
  const head = '{"username":"nobody","password":"wrong-password';
  return head + 'x'.repeat(n - head.length - 2) + '"}';
};
// a node-create JSON object of exactly n bytes
const jsonOfSize = (n) => {
  const head = '{"kind":"community","parent":"419001001","name":"';
  return head + 'x'.repeat(n - head.length - 2) + '"}';
};

// POST n bytes over a plain socket and read the reply even if the server
// answers and closes before the body is all sent (fetch reports only the
// reset then). Returns { status, body, headers } like api().
function rawPost(url, token, path, n) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let got = Buffer.alloc(0), sent = 0;
    const chunk = Buffer.alloc(64 * KiB, 'x');
    sock.on('data', d => { got = Buffer.concat([got, d]); });
    sock.on('error', () => { /* a reset after the reply is expected */ });
    sock.on('close', () => {
      const text = got.toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) return reject(new Error('no HTTP reply: ' + JSON.stringify(text.slice(0, 200))));
      const headers = new Headers();
      for (const line of m[2].split('\r\n')) {
        const i = line.indexOf(':');
        headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      let body = m[3];
      if (/chunked/i.test(headers.get('transfer-encoding') || ''))
        body = body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n|\r\n0\r\n\r\n$/gi, '');
      let json;
      try { json = body ? JSON.parse(body) : null; } catch { json = { raw: body }; }
      resolve({ status: Number(m[1]), body: json, headers });
    });
    sock.on('connect', () => {
      sock.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: text/csv\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`);
      const pump = () => {
        while (sent < n && got.length === 0 && !sock.destroyed) {
          const part = chunk.subarray(0, Math.min(chunk.length, n - sent));
          sent += part.length;
          if (!sock.write(part)) return sock.once('drain', pump);
        }
      };
      pump();
    });
  });
}

describe('body limits', () => {
  const TOO_LARGE = err('too_large', 'body');
  const cases = [
    { name: 'login over 4 KiB', method: 'POST', path: '/api/v1/login', body: jsonOfSize(4 * KiB + 1),
      status: 413, json: TOO_LARGE },
    // read, not refused for its size: the member at fault is named
    { name: 'login of 4 KiB is read', method: 'POST', path: '/api/v1/login',
      body: loginOfSize(4 * KiB), status: 400, json: { code: 'invalid', field: 'password' } },
    { name: 'POST /nodes over 16 KiB', as: 'admin', method: 'POST', path: '/api/v1/nodes',
      body: jsonOfSize(16 * KiB + 1), status: 413, json: TOO_LARGE },
    { name: 'POST /nodes of 16 KiB is read', as: 'admin', method: 'POST', path: '/api/v1/nodes',
      body: jsonOfSize(16 * KiB), status: 400, json: err('invalid', 'name') },
    { name: 'PATCH /nodes over 16 KiB', as: 'admin', method: 'PATCH', path: '/api/v1/nodes/419001001001',
      body: jsonOfSize(16 * KiB + 1), status: 413, json: TOO_LARGE },
    { name: 'POST /users over 16 KiB', as: 'admin', method: 'POST', path: '/api/v1/users',
      body: jsonOfSize(16 * KiB + 1), status: 413, json: TOO_LARGE },
    { name: 'PATCH /users over 16 KiB', as: 'admin', method: 'PATCH', path: '/api/v1/users/2',
      body: jsonOfSize(16 * KiB + 1), status: 413, json: TOO_LARGE },
    { name: 'logout with a 17 KiB body', as: 'admin', method: 'POST', path: '/api/v1/logout',
      body: 'x'.repeat(17 * KiB), status: 413, json: TOO_LARGE },
    { name: 'even without a token the limit comes first', method: 'POST', path: '/api/v1/nodes',
      body: jsonOfSize(16 * KiB + 1), status: 413, json: TOO_LARGE },
  ];
  for (const c of cases)
    test(`${c.name} → ${c.status}`, () => runCase(srv, tok, c));

  test('a CSV import of 1 MiB is read (its limit is 8 MiB)', async () => {
    const row = ',community,名,419001001\n';
    const csv = 'code,kind,name,parent\n' + row.repeat(Math.ceil(MiB / Buffer.byteLength(row)));
    // the second row repeats the first's name: refused on line 3, but read
    const r = await api(srv.url, tok.admin, 'POST', '/api/v1/nodes/import', csv);
    expectReply(r, 409, err('conflict', 'line 3.name'));
  });

  // BUG: over 8 MiB the request never reaches the API handler: h2o's own
  // max_request_entity_size (set to the largest route limit) answers 413
  // with a text/plain "request entity is too large", not the API's JSON.
  test('a CSV import over 8 MiB → 413 with the JSON error body', async () => {
    const before = await children(srv, tok.admin, '419001001');
    const r = await rawPost(srv.url, tok.admin, '/api/v1/nodes/import', 8 * MiB + 1);
    assert.equal(r.status, 413);
    assert.deepEqual(await children(srv, tok.admin, '419001001'), before);
    expectReply(r, 413, err('too_large', 'body'));
  });
});

describe('paths and methods', () => {
  const NF = err('not_found', 'path');
  const cases = [
    { path: '/api/v1/healthz', status: 200, json: { status: 'ok' } },
    { path: '/api/v1/nope', status: 404, json: NF },
    { as: 'admin', path: '/api/v1/nope', status: 404, json: NF },
    { as: 'admin', path: '/api/v2/me', status: 404, json: NF },
    { as: 'admin', path: '/api/v1/nodes/419001/children/extra', status: 404, json: NF },
    { as: 'admin', path: '/api/v1/nodes/419001/parent', status: 404, json: NF },
    { as: 'admin', path: '/api/v1/users/1/sessions', status: 404, json: NF },
    { as: 'admin', path: '/api/', status: 404, json: NF },
    { as: 'admin', path: '/api/v1/me/', status: 200, json: { username: 'admin' } },
    { as: 'admin', path: '/api/v1/me?x=1', status: 200, json: { username: 'admin' } },
    { as: 'admin', method: 'DELETE', path: '/api/v1/nodes/419001001001', status: 405 },
    { as: 'admin', method: 'PUT', path: '/api/v1/nodes/419001001001', body: { name: 'x' }, status: 405 },
    { as: 'admin', method: 'DELETE', path: '/api/v1/users/2', status: 405 },
    { as: 'admin', method: 'POST', path: '/api/v1/me', body: {}, status: 405 },
    { method: 'GET', path: '/api/v1/login', status: 405 },
    { method: 'DELETE', path: '/api/v1/healthz', status: 405 },
    { as: 'admin', method: 'GET', path: '/api/v1/logout', status: 405 },
    { as: 'admin', method: 'OPTIONS', path: '/api/v1/users', status: 405 },
  ];
  for (const c of cases)
    test(`${c.as ? c.as + ' ' : ''}${c.method || 'GET'} ${c.path} → ${c.status}`, async () => {
      const r = await runCase(srv, tok, c);
      if (c.status === 405) assert.equal(r.body.key, 'http.method');
    });

  test('a wrong method changes nothing', async () => {
    const before = await children(srv, tok.admin, '419001001');
    await api(srv.url, tok.admin, 'DELETE', '/api/v1/nodes/419001001001');
    assert.deepEqual(await children(srv, tok.admin, '419001001'), before);
  });

  // RFC 9110 §15.5.6: "The origin server MUST generate an Allow header
  // field in a 405 response". The server sends none.
  test('405 says which methods are allowed (Allow header)', async () => {
    const r = await api(srv.url, tok.admin, 'DELETE', '/api/v1/nodes/419001001001');
    assert.equal(r.status, 405);
    const allow = (r.headers.get('allow') || '').split(/,\s*/).sort();
    assert.deepEqual(allow, ['GET', 'PATCH']);
  });
});

describe('concurrency', () => {
  test('50 concurrent creates all succeed, each with its own code', async () => {
    const T = '419001004';
    const before = await children(srv, tok.admin, T);
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      api(srv.url, tok.admin, 'POST', '/api/v1/nodes', { kind: 'community', name: `并发社区${i}`, parent: T })));
    for (const r of rs) expectReply(r, 201, { parent: T });
    const made = rs.map(r => r.body.code);
    assert.equal(new Set(made).size, 50, 'codes are distinct');
    const after = await children(srv, tok.admin, T);
    assert.equal(after.children.length, before.children.length + 50);
    for (let i = 0; i < 50; i++)
      assert.equal(after.children.find(n => n.code === made[i])?.name, `并发社区${i}`);
  });

  test('50 concurrent mixed requests all get their answer', async () => {
    const jobs = [];
    for (let i = 0; i < 50; i++) {
      switch (i % 5) {
      case 0: jobs.push([200, api(srv.url, tok.admin, 'GET', '/api/v1/nodes/419001/children')]); break;
      case 1: jobs.push([200, api(srv.url, tok.town, 'GET', '/api/v1/me')]); break;
      case 2: jobs.push([403, api(srv.url, tok.town, 'GET', '/api/v1/nodes/419001102/children')]); break;
      case 3: jobs.push([201, api(srv.url, tok.town, 'POST', '/api/v1/nodes',
        { kind: 'community', name: `镇并发${i}`, parent: '419001001' })]); break;
      case 4: jobs.push([200, api(srv.url, tok.admin, 'GET', '/api/v1/audit?limit=20')]); break;
      }
    }
    const rs = await Promise.all(jobs.map(j => j[1]));
    rs.forEach((r, i) => expectReply(r, jobs[i][0], undefined, `request ${i}`));
    expectReply(await api(srv.url, null, 'GET', '/api/v1/healthz'), 200, { status: 'ok' });
  });
});
