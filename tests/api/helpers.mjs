// helpers.mjs - shared by the API tests (not a test file itself: node --test
// runs only *.test.mjs here). Cases are data, as in jq's tests/jq.test:
//
//   { name, as, method, path, body, headers, status, json }
//
// `as` names a demo account whose bearer token is sent (none: anonymous),
// `body` is sent as JSON unless it is a string, `json` is matched as a
// subset of the reply: each member given must be there with that value; a
// RegExp matches a string, a function is a predicate, `undefined` means the
// member must be absent.
import assert from 'node:assert/strict';
import { api, login } from '../lib/server.mjs';

// Check that actual contains expected (see above); path is for messages.
export function assertSubset(actual, expected, path = 'body') {
  if (expected instanceof RegExp) {
    assert.equal(typeof actual, 'string', `${path}: expected a string matching ${expected}`);
    assert.match(actual, expected, path);
  } else if (typeof expected === 'function') {
    assert.ok(expected(actual), `${path}: ${JSON.stringify(actual)} fails ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}.length`);
    expected.forEach((e, i) => assertSubset(actual[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual),
      `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined)
        assert.ok(!(k in actual), `${path}.${k} should be absent, is ${JSON.stringify(actual[k])}`);
      else
        assertSubset(actual[k], v, `${path}.${k}`);
    }
  } else {
    assert.equal(actual, expected, path);
  }
}

// Check a reply {status, body, headers} from api(): status, the JSON
// content type and no-store on every reply with a body, and the body.
export function expectReply(r, status, json, what = '') {
  const show = `${what} -> ${r.status} ${JSON.stringify(r.body)}`;
  assert.equal(r.status, status, show);
  if (r.body !== null) {
    assert.match(r.headers.get('content-type') || '', /^application\/json; charset=utf-8$/, show);
    assert.ok(!('raw' in r.body), `reply is not JSON: ${show}`);
  }
  assert.equal(r.headers.get('cache-control'), 'no-store', show);
  if (json !== undefined)
    assertSubset(r.body, json, `${what} body`);
  // one error shape for the whole API (docs/API.md, "Errors")
  if (status >= 400) expectErrorShape(r.body, show);
}

// {"error","message","key","code","field"?,"detail"}: the message in
// Chinese, error = the field's label + message, a key of the table (never
// "unknown": every error a test meets has its row), detail in English.
export function expectErrorShape(body, show = JSON.stringify(body)) {
  for (const m of ['error', 'message', 'key', 'code', 'detail'])
    assert.equal(typeof body[m], 'string', `${m}: ${show}`);
  assert.match(body.key, /^[a-z_]+(\.[a-z_]+)+$/, `a key of the error table: ${show}`);
  assert.match(body.message, /\p{Script=Han}/u, `the message is Chinese: ${show}`);
  assert.ok(body.error.endsWith(body.message), `error ends with the message: ${show}`);
  if ('field' in body)
    assert.ok(body.detail.startsWith(body.field + ': '), `detail names its field: ${show}`);
  else
    assert.equal(body.error, body.message, show);
}

// The error body for a code and optional field; extra members merge in.
export const err = (code, field, extra = {}) =>
  ({ code, field, detail: field ? new RegExp('^' + escapeRe(field) + ': ') : /./, ...extra });

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Tokens for some demo accounts, logged in once per server.
export async function tokens(srv, names) {
  const out = {};
  for (const n of names)
    out[n] = await login(srv.url, n, srv.password);
  return out;
}

// Run one data case against srv with tokens (see the header comment).
export async function runCase(srv, toks, c) {
  const token = c.token !== undefined ? c.token : c.as ? toks[c.as] : null;
  assert.ok(!c.as || token, `no token for ${c.as}`);
  const r = await api(srv.url, token, c.method || 'GET', c.path, c.body, c.headers);
  expectReply(r, c.status, c.json, `${c.method || 'GET'} ${c.path}`);
  return r;
}

// The children of a node, as admin: { node, children }.
export async function children(srv, token, code) {
  const r = await api(srv.url, token, 'GET', `/api/v1/nodes/${code}/children`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// Audit entries newer than id `after` (newest first), optionally for an
// action prefix; read as the given (admin or auditor) token.
export async function auditSince(srv, token, after, action) {
  let q = '/api/v1/audit?limit=500';
  if (action) q += '&action=' + encodeURIComponent(action);
  const r = await api(srv.url, token, 'GET', q);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.entries.filter(e => e.id > after);
}

// The id of the newest audit row (a marker for auditSince).
export async function auditMark(srv, token) {
  const r = await api(srv.url, token, 'GET', '/api/v1/audit?limit=1');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.entries.length ? r.body.entries[0].id : 0;
}

// POST /api/v1/login with any body; returns the raw reply as api() does.
export function postLogin(srv, body, headers) {
  return api(srv.url, null, 'POST', '/api/v1/login', body, headers);
}

// The Set-Cookie header of a fetch Response, parsed: { name, value, attrs }
// with attrs lower-cased names → value (true for flags).
export function parseSetCookie(header) {
  if (!header) return null;
  const [nv, ...rest] = header.split(';').map(s => s.trim());
  const eq = nv.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    if (i < 0) attrs[a.toLowerCase()] = true;
    else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
  }
  return { name: nv.slice(0, eq), value: nv.slice(eq + 1), attrs };
}

// A fetch that reports the elapsed milliseconds too.
export async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { r, ms: performance.now() - t0 };
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));
