// venue.test.mjs - venue codes (场所码): an operator applies, an officer of
// the venue's node approves (a code is given) or rejects with a reason; the
// QR image decodes (zbarimg, a real decoder) to exactly
// {public_url}/scan.html?v={code}; the public lookup shows an approved
// venue by its code; bad input names the field and stores nothing; another
// community's officer cannot decide; phones are masked; everything audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login } from '../lib/server.mjs';
import { tokens, runCase, expectReply, err, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
let srv, tok, community, sibling;

const good = (over = {}) => ({
  name: '好又多超市', type: 'supermarket', address: '沁园路12号', node: community,
  contact_name: '王老板', contact_phone: '138 1234 5678', ...over,
});

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'town', 'community', 'grid']);
  community = srv.accounts.community.node;            // 419001001001
  const kids = await api(srv.url, tok.town, 'GET', `/api/v1/nodes/${TOWN}/children`);
  sibling = kids.body.children.find(c => c.code !== community).code;
  // two operators bound to the town, one to another town
  for (const [username, node] of [['shop.a', TOWN], ['shop.b', TOWN], ['shop.far', '419001002']]) {
    const r = await api(srv.url, tok.admin, 'POST', '/api/v1/users',
      { username, password: srv.password, role: 'venue_operator', node, display_name: '店主' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    tok[username] = await login(srv.url, username, srv.password);
  }
});
after(async () => { await srv?.stop(); });

const apply = (as, body) => api(srv.url, tok[as], 'POST', '/api/v1/venues', body);
const decide = (as, id, body) => api(srv.url, tok[as], 'POST', `/api/v1/venues/${id}/decide`, body);
async function listed(as, query = '') {
  const r = await api(srv.url, tok[as], 'GET', '/api/v1/venues' + query);
  expectReply(r, 200);
  return r.body.venues;
}
async function image(as, path) {
  const r = await fetch(srv.url + path, { headers: { authorization: 'Bearer ' + tok[as] } });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}
function zbar(bytes, ext) {
  const f = join(srv.dir, 'qr-' + Math.random().toString(36).slice(2) + ext);
  writeFileSync(f, bytes);
  return execFileSync('zbarimg', ['--quiet', '--raw', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim();
}

test('the types come with labels and typical stays', async () => {
  await runCase(srv, tok, { as: 'shop.a', path: '/api/v1/venues/types', status: 200,
    json: { types: t => t.length === 14 && t[0].type === 'supermarket' && t[0].label === '超市'
      && t[0].stay_minutes === 30 && t.some(x => x.type === 'hotel' && x.stay_minutes === 600) } });
});

test('apply → approve → listed as approved → the QR decodes to the scan URL', async () => {
  const mark = await auditMark(srv, tok.admin);
  const a = await apply('shop.a', good());
  expectReply(a, 201, { id: n => n > 0, name: '好又多超市', type: 'supermarket', type_label: '超市',
    stay_minutes: 30, node: community, node_name: /\S/, status: 'applied', contact_phone: '138****5678',
    code: undefined, scan_url: undefined });
  const id = a.body.id;
  // no QR before approval
  const early = await api(srv.url, tok.community, 'GET', `/api/v1/venues/${id}/qr.png`);
  expectReply(early, 409, err('conflict', 'id'));
  // pending with the community and the town, not with another town
  assert.ok((await listed('community', '?status=applied')).some(v => v.id === id));
  assert.ok((await listed('town', `?node=${TOWN}&status=applied`)).some(v => v.id === id));
  assert.ok(!(await listed('command', '?node=419001002')).some(v => v.id === id));

  const d = await decide('community', id, { decision: 'approve' });
  expectReply(d, 200, { id, status: 'approved', code: /^[0-9a-hjkmnp-tv-z]{16}$/,
    reviewed_at: /\+08:00$/ });
  const code = d.body.code;
  assert.equal(d.body.scan_url, `${srv.url}/scan.html?v=${code}`);
  const approved = await listed('town', `?node=${TOWN}&status=approved`);
  const mine = approved.find(v => v.id === id);
  assert.ok(mine, 'listed as approved');
  assert.equal(mine.contact_phone, '138****5678');
  assert.equal(mine.code, code);
  assert.ok(!(await listed('town', `?node=${TOWN}&status=applied`)).some(v => v.id === id));

  const png = await image('shop.a', `/api/v1/venues/${id}/qr.png`);
  assert.equal(png.status, 200);
  assert.equal(png.type, 'image/png');
  assert.equal(zbar(png.bytes, '.png'), `${srv.url}/scan.html?v=${code}`);
  const big = await image('community', `/api/v1/venues/${id}/qr.png?scale=12`);
  assert.equal(big.status, 200);
  assert.ok(big.bytes.length > 0 && big.bytes.readUInt32BE(16) > png.bytes.readUInt32BE(16), 'scale grows the image');
  const svg = await image('town', `/api/v1/venues/${id}/qr.svg`);
  assert.equal(svg.status, 200);
  assert.equal(svg.type, 'image/svg+xml');
  assert.match(svg.bytes.toString(), /^<svg [^>]*viewBox="0 0 (\d+) \1"/);

  // the public scan page's lookup: name, type, address, nothing private
  const pub = await api(srv.url, null, 'GET', `/api/v1/public/venues/${code}`);
  expectReply(pub, 200, { code, name: '好又多超市', type: 'supermarket', type_label: '超市',
    address: '沁园路12号', contact_phone: undefined, contact_name: undefined, id: undefined });
  for (const bad of ['0000000000000000', code.slice(0, 15), code.toUpperCase(), 'x%27%20OR%201%3D1'])
    expectReply(await api(srv.url, null, 'GET', `/api/v1/public/venues/${bad}`), 404, err('not_found', 'code'), bad);

  const rows = await auditSince(srv, tok.admin, mark, 'venue.');
  const actions = rows.map(r => r.action);
  for (const a of ['venue.apply', 'venue.approve', 'venue.list'])
    assert.ok(actions.includes(a), `audit has ${a}: ${actions}`);
  const approve = rows.find(r => r.action === 'venue.approve');
  assert.equal(approve.record, `venue:${id}`);
  assert.equal(approve.username, 'community');
  assert.ok(!JSON.stringify(rows).includes('13812345678'), 'no full phone in the audit log');
});

test('reject needs a reason; a decision is final', async () => {
  const a = await apply('shop.a', good({ name: '老王餐馆', type: 'restaurant', address: '一号路' }));
  expectReply(a, 201);
  const id = a.body.id;
  expectReply(await decide('community', id, {}), 400, err('invalid', 'decision'));
  expectReply(await decide('community', id, { decision: 'maybe' }), 400, err('invalid', 'decision'));
  expectReply(await decide('community', id, { decision: 'reject' }), 400, err('invalid', 'reason'));
  expectReply(await decide('community', id, { decision: 'reject', reason: '' }), 400, err('invalid', 'reason'));
  const mark = await auditMark(srv, tok.admin);
  const r = await decide('community', id, { decision: 'reject', reason: '营业执照照片不清晰' });
  expectReply(r, 200, { status: 'rejected', reason: '营业执照照片不清晰', code: undefined });
  expectReply(await decide('community', id, { decision: 'approve' }), 409, err('conflict', 'id'));
  expectReply(await decide('town', id, { decision: 'reject', reason: '再次' }), 409, err('conflict', 'id'));
  expectReply(await api(srv.url, tok.community, 'GET', `/api/v1/venues/${id}/qr.svg`), 409, err('conflict', 'id'));
  const rows = await auditSince(srv, tok.admin, mark, 'venue.reject');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].record, `venue:${id}`);
  // the operator sees the outcome and the reason
  const own = (await listed('shop.a')).find(v => v.id === id);
  assert.equal(own.status, 'rejected');
  assert.equal(own.reason, '营业执照照片不清晰');
  expectReply(await decide('community', 999999, { decision: 'approve' }), 404, err('not_found', 'id'));
  expectReply(await decide('community', 'abc', { decision: 'approve' }), 400, err('invalid', 'id'));
});

test('bad applications name the field and store nothing', async () => {
  const before = (await listed('town', `?node=${TOWN}`)).length;
  const cases = [
    ['unknown type', good({ type: 'casino' }), 400, 'type'],
    ['type missing', good({ type: undefined }), 400, 'type'],
    ['name missing', good({ name: undefined }), 400, 'name'],
    ['blank name', good({ name: '   ' }), 400, 'name'],
    ['node outside the jurisdiction', good({ node: '419001002' }), 403, 'node'],
    ['node that does not exist', good({ node: '419001001999' }), 404, 'node'],
    ['a county is no venue node', good({ node: '419001' }), 400, 'node'],
    ['bad phone', good({ contact_phone: '1381234567' }), 400, 'contact_phone'],
    ['landline', good({ contact_phone: '0391-1234567' }), 400, 'contact_phone'],
    ['contact missing', good({ contact_name: undefined }), 400, 'contact_name'],
    ['address of 200 characters', good({ address: '号'.repeat(200) }), 400, 'address'],
    ['name is a number', { ...good(), name: 7 }, 400, 'name'],
    ['not JSON', 'name=x', 400, 'body'],
  ];
  for (const [what, body, status, field] of cases) {
    const payload = typeof body === 'string' ? body : JSON.parse(JSON.stringify(body));
    const code = { 400: 'invalid', 403: 'forbidden', 404: 'not_found' }[status];
    expectReply(await apply('shop.a', payload), status, err(code, field), what);
  }
  // a role that may not apply
  expectReply(await apply('community', good()), 403, err('forbidden'));
  // the same venue twice while the first is pending or approved
  expectReply(await apply('shop.b', good()), 409, err('conflict', 'name'));
  assert.equal((await listed('town', `?node=${TOWN}`)).length, before);
  // bad queries
  expectReply(await api(srv.url, tok.town, 'GET', '/api/v1/venues?status=pending'), 400, err('invalid', 'status'));
  expectReply(await api(srv.url, tok.town, 'GET', '/api/v1/venues?limit=9999'), 400, err('invalid', 'limit'));
  expectReply(await api(srv.url, tok.town, 'GET', '/api/v1/venues?after=-1'), 400, err('invalid', 'after'));
});

test('an officer decides only in their own community; operators see only their own', async () => {
  const far = await apply('shop.b', good({ name: '邻村药店', type: 'pharmacy', node: sibling }));
  expectReply(far, 201);
  const mark = await auditMark(srv, tok.admin);
  expectReply(await decide('community', far.body.id, { decision: 'approve' }), 403, err('forbidden', 'id'));
  expectReply(await decide('grid', far.body.id, { decision: 'approve' }), 403, err('forbidden'));
  expectReply(await decide('shop.b', far.body.id, { decision: 'approve' }), 403, err('forbidden'));
  expectReply(await api(srv.url, tok.community, 'GET', `/api/v1/venues/${far.body.id}`), 403, err('forbidden', 'id'));
  const denied = await auditSince(srv, tok.admin, mark, 'venue.');
  assert.ok(denied.filter(r => r.action === 'venue.decide' && !r.success).length >= 3, JSON.stringify(denied));
  // still pending; the town decides it
  expectReply(await decide('town', far.body.id, { decision: 'approve' }), 200, { status: 'approved' });

  // operators: their own applications, nobody else's, no other town
  const a = await listed('shop.a');
  const b = await listed('shop.b');
  assert.ok(a.length >= 2 && !a.some(v => v.id === far.body.id));
  assert.ok(b.some(v => v.id === far.body.id));
  expectReply(await api(srv.url, tok['shop.a'], 'GET', `/api/v1/venues/${far.body.id}`), 403, err('forbidden', 'id'));
  expectReply(await api(srv.url, tok['shop.a'], 'GET', `/api/v1/venues/${far.body.id}/qr.png`), 403, err('forbidden', 'id'));
  expectReply(await api(srv.url, tok['shop.b'], 'GET', `/api/v1/venues/${far.body.id}`), 200,
    { id: far.body.id, contact_phone: '138****5678' });
  expectReply(await api(srv.url, tok['shop.far'], 'GET', `/api/v1/venues?node=${TOWN}`), 403, err('forbidden', 'node'));
  assert.deepEqual(await listed('shop.far'), []);
  // roles with neither permission
  expectReply(await api(srv.url, tok.admin, 'GET', '/api/v1/venues'), 403, err('forbidden'));
  expectReply(await api(srv.url, null, 'GET', '/api/v1/venues'), 401);
});

test('counts per child node add up, with the venues at the node itself', async () => {
  const atTown = await apply('shop.a', good({ name: '镇公交线路', type: 'bus', node: TOWN, address: '镇区环线' }));
  expectReply(atTown, 201);
  const r = await api(srv.url, tok.town, 'GET', `/api/v1/venues/counts?node=${TOWN}`);
  expectReply(r, 200, { total: { code: TOWN, name: /\S/ }, direct: { applied: n => n >= 1 } });
  const { total, direct, children } = r.body;
  const sum = k => children.reduce((s, c) => s + c[k], 0) + direct[k];
  for (const k of ['applied', 'approved', 'rejected'])
    assert.equal(sum(k), total[k], `${k} adds up`);
  assert.ok(total.approved >= 2 && total.rejected >= 1);
  const own = children.find(c => c.code === community);
  assert.ok(own.approved >= 1 && own.rejected >= 1);
  // the same figures through the listing, page by page
  let after = 0, n = 0;
  for (;;) {
    const page = await listed('town', `?node=${TOWN}&after=${after}&limit=2`);
    n += page.length;
    if (page.length < 2) break;
    after = page[1].id;
  }
  assert.equal(n, total.applied + total.approved + total.rejected);
  // the command sees every town; a community officer only their community
  const city = await api(srv.url, tok.command, 'GET', '/api/v1/venues/counts');
  expectReply(city, 200, { total: { code: '419001' }, children: c => c.length === 16 });
  expectReply(await api(srv.url, tok.community, 'GET', `/api/v1/venues/counts?node=${TOWN}`), 403,
    err('forbidden', 'node'));
  expectReply(await api(srv.url, tok['shop.a'], 'GET', '/api/v1/venues/counts'), 403, err('forbidden'));
});
