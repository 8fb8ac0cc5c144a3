// Checkpoints and the daily pass (交通检疫、一码通行) against a real server:
// a checkpoint's QR code leads to the public form; a driver submits a pass;
// staff at a checkpoint see the full ID number (audited), take the
// temperature and let the person pass or turn them back; a fever flags the
// ledger's person and refers them to their community (seen there, not in
// another community); a pass of another day, a temperature out of range,
// a malformed ID number and an unknown pass are refused with the field
// named and nothing stored; the daily counts add up what happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, sql as sqlOn } from '../lib/server.mjs';
import { tokens, runCase, expectReply, err, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const GRID = '419001001001001';
const COMMUNITY = '419001001001';
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

// A resident ID number: 17 digits and the GB 11643 check character.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}
const RESIDENT = idNumber('41900119850315301');     // in the ledger (made below)
const DRIVER = '11010519491231002X';                 // not in the ledger

let srv, tok, cp, cp2, otherCommunity;

// Run SQL on the server's database (WAL: fine while it runs).
function sql(query) {
  return sqlOn(srv.db, query);
}
const count = table => Number(sql(`SELECT count(*) FROM ${table}`));

const pass = (extra = {}) => ({
  checkpoint: cp.code, name: '王小明', id_number: DRIVER.toLowerCase(), phone: '139 1234 5678',
  plate: '豫U·D12345', origin_name: '湖北省武汉市', remarks: '运送蔬菜', ...extra,
});
async function submit(body) {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/passes', body);
  expectReply(r, 201, { code: /^[0-9A-Z]{16}$/ }, 'submit');
  return r.body;
}
const check = (code, body, as = 'staff') =>
  api(srv.url, tok[as], 'POST', `/api/v1/passes/${code}/checks`,
    { checkpoint_id: cp.id, id_confirmed: true, outcome: 'passed', ...body });

before(async () => {
  // one ID number applies many times here; the limits have floods.test.mjs
  srv = await startServer({ args: ['--no-rate-limits'] });
  tok = await tokens(srv, ['admin', 'command', 'town', 'community', 'grid']);
  const r = await api(srv.url, null, 'GET', '/api/v1/public/nodes/419001002/children');
  otherCommunity = r.body.children[0].code;
  // accounts the demo has not: checkpoint staff, medical staff, an officer
  // of another community
  for (const [username, role, node] of [['kadian', 'checkpoint_staff', TOWN],
    ['kadian2', 'checkpoint_staff', '419001002'], ['yihu', 'medical', '419001'],
    ['cun2', 'community_officer', otherCommunity]]) {
    const u = await api(srv.url, tok.admin, 'POST', '/api/v1/users',
      { username, password: srv.password, role, node });
    expectReply(u, 201, { role }, 'user ' + username);
  }
  Object.assign(tok, await tokens(srv, ['kadian', 'kadian2', 'yihu', 'cun2']));
  tok.staff = tok.kadian;
  // a resident in the ledger, in the community officer's grid
  const h = await api(srv.url, tok.grid, 'POST', '/api/v1/households',
    { grid: GRID, address: '卡点测试小区3号楼201' });
  expectReply(h, 201);
  const p = await api(srv.url, tok.grid, 'POST', '/api/v1/persons',
    { household_id: h.body.id, name: '李居民', id_number: RESIDENT, phone: '13800001111' });
  expectReply(p, 201);
});
after(async () => { await srv?.stop(); });

test('checkpoints: added under a node by its managers, refused with the field named', async () => {
  let r = await runCase(srv, tok, { as: 'command', method: 'POST', path: '/api/v1/checkpoints',
    body: { node: TOWN, name: '二广高速济源东出口', road: '二广高速济源东收费站', kind: 'highway' },
    status: 201, json: { id: n => n > 0, node: TOWN, kind_label: '高速路口', code: /^[0-9A-Z]{16}$/ } });
  cp = r.body;
  assert.equal(cp.url, `${srv.url}/pass.html?c=${cp.code}`);
  r = await runCase(srv, tok, { as: 'town', method: 'POST', path: '/api/v1/checkpoints',
    body: { node: TOWN, name: '济源站', kind: 'rail' }, status: 201 });
  cp2 = r.body;
  assert.notEqual(cp.code, cp2.code);
  const bad = [
    ['community', { node: COMMUNITY, name: '村口', kind: 'village' }, 403, 'forbidden', undefined],
    ['staff', { node: TOWN, name: '甲', kind: 'road' }, 403, 'forbidden', undefined],
    ['town', { node: '419001002', name: '甲', kind: 'road' }, 403, 'forbidden', 'node'],
    ['town', { node: TOWN, name: '甲', kind: 'ship' }, 400, 'invalid', 'kind'],
    ['town', { node: TOWN, name: '', kind: 'road' }, 400, 'invalid', 'name'],
    ['town', { node: TOWN, name: '济源站', kind: 'bus' }, 409, 'conflict', 'name'],
  ];
  for (const [as, body, status, code, field] of bad)
    await runCase(srv, tok, { as, method: 'POST', path: '/api/v1/checkpoints', body, status,
      json: field ? err(code, field) : { code } });
  assert.equal(count('checkpoint'), 2);
  // staff list their town's checkpoints to pick theirs; another town's staff do not see them
  await runCase(srv, tok, { as: 'staff', path: '/api/v1/checkpoints', status: 200,
    json: { checkpoints: l => l.length === 2 && l[0].id === cp.id } });
  await runCase(srv, tok, { as: 'kadian2', path: '/api/v1/checkpoints', status: 200,
    json: { checkpoints: [] } });
  await runCase(srv, tok, { as: 'kadian2', path: `/api/v1/checkpoints?node=${TOWN}`, status: 403 });
});

test('the checkpoint QR code (PNG) decodes to the public form of that checkpoint', async () => {
  const r = await fetch(`${srv.url}/api/v1/checkpoints/${cp.id}/qr.png`,
    { headers: { authorization: 'Bearer ' + tok.town } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  const file = join(srv.dir, 'qr.png');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const text = execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' }).trim();
  assert.equal(text, `${srv.url}/pass.html?c=${cp.code}`);
  const svg = await fetch(`${srv.url}/api/v1/checkpoints/${cp.id}/qr.svg`,
    { headers: { authorization: 'Bearer ' + tok.command } });
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(await svg.text(), /^<svg /);
  await runCase(srv, tok, { as: 'staff', path: `/api/v1/checkpoints/${cp.id}/qr.png`, status: 403 });
  await runCase(srv, tok, { as: 'command', path: '/api/v1/checkpoints/9999/qr.png', status: 404,
    json: err('not_found', 'id') });
  // the form's header, for anyone holding the code
  await runCase(srv, tok, { path: `/api/v1/public/checkpoints/${cp.code.toLowerCase()}`, status: 200,
    json: { name: '二广高速济源东出口', kind_label: '高速路口', node: undefined, code: undefined } });
  await runCase(srv, tok, { path: '/api/v1/public/checkpoints/ZZZZZZZZZZZZZZZZ', status: 404,
    json: err('not_found', 'code') });
});

test('a driver submits a pass: masked, valid today, re-openable by its code', async () => {
  const p = await submit(pass());
  assertSubsetPass(p);
  const again = await api(srv.url, null, 'GET', `/api/v1/public/passes/${p.code}`);
  expectReply(again, 200, { code: p.code, valid_today: true, id_number: '1101**********002X' });
  const svg = await fetch(`${srv.url}/api/v1/public/passes/${p.code}/qr.svg`);
  assert.equal(svg.status, 200);
  assert.match(await svg.text(), /^<svg /);
  await runCase(srv, tok, { path: '/api/v1/public/passes/ZZZZZZZZZZZZZZZZ', status: 404,
    json: err('not_found', 'code') });
});
function assertSubsetPass(p) {
  assert.equal(p.day, today);
  assert.equal(p.valid_today, true);
  assert.equal(p.name, '王小明');
  assert.equal(p.id_number, '1101**********002X');
  assert.equal(p.plate, '豫UD12345');
  assert.equal(p.checkpoint, '二广高速济源东出口');
  assert.ok(!('phone' in p));
}

test('bad submissions name the field and store nothing', async () => {
  const before = count('pass');
  const cases = [
    ['not json', 'nope', 400, 'body'],
    ['malformed ID', pass({ id_number: '110105194912310021' }), 400, 'id_number'],
    ['short ID', pass({ id_number: '1101051949' }), 400, 'id_number'],
    ['no phone', pass({ phone: '' }), 400, 'phone'],
    ['bad plate', pass({ plate: '豫UI2345' }), 400, 'plate'],
    ['no origin', pass({ origin_name: '' }), 400, 'origin_name'],
    ['no name', pass({ name: ' ' }), 400, 'name'],
    ['malformed checkpoint', pass({ checkpoint: 'abc' }), 400, 'checkpoint'],
    ['unknown checkpoint', pass({ checkpoint: 'ZZZZZZZZZZZZZZZZ' }), 404, 'checkpoint'],
  ];
  for (const [name, body, status, field] of cases) {
    const r = await api(srv.url, null, 'POST', '/api/v1/public/passes', body);
    expectReply(r, status, err(status === 404 ? 'not_found' : 'invalid', field), name);
  }
  assert.equal(count('pass'), before);
});

test('staff see the full ID number (audited); other roles cannot read a pass', async () => {
  const p = await submit(pass());
  const mark = await auditMark(srv, tok.admin);
  const r = await runCase(srv, tok, { as: 'staff', path: `/api/v1/passes/${p.code}`, status: 200,
    json: { id_number: DRIVER, phone: '139****5678', valid_today: true, in_ledger: false,
      checkpoint_id: cp.id, checks: [] } });
  assert.equal(r.body.name, '王小明');
  const rows = await auditSince(srv, tok.admin, mark, 'pass.read');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].username, 'kadian');
  assert.equal(rows[0].success, true);
  await runCase(srv, tok, { as: 'community', path: `/api/v1/passes/${p.code}`, status: 403 });
  await runCase(srv, tok, { as: 'staff', path: '/api/v1/passes/ZZZZZZZZZZZZZZZZ', status: 404,
    json: err('not_found', 'code') });
  await runCase(srv, tok, { as: 'staff', path: '/api/v1/passes/x', status: 400,
    json: err('invalid', 'code') });
});

test('a check lets a person pass; refusals name the field and store nothing', async () => {
  const p = await submit(pass());
  const before = count('pass_check');
  const refusals = [
    [{ temperature: 55 }, 400, 'invalid', 'temperature'],
    [{ temperature: '33.5' }, 400, 'invalid', 'temperature'],
    [{ temperature: 'hot' }, 400, 'invalid', 'temperature'],
    [{ temperature: undefined }, 400, 'invalid', 'temperature'],
    [{ temperature: 36.5, id_confirmed: false }, 400, 'invalid', 'id_confirmed'],
    [{ temperature: 36.5, outcome: 'waved' }, 400, 'invalid', 'outcome'],
    [{ temperature: 36.5, checkpoint_id: 9999 }, 404, 'not_found', 'checkpoint_id'],
  ];
  for (const [body, status, code, field] of refusals)
    expectReply(await check(p.code, body), status, err(code, field), JSON.stringify(body));
  // another town's staff cannot check at this town's checkpoint
  expectReply(await check(p.code, { temperature: 36.5 }, 'kadian2'), 403, err('forbidden', 'checkpoint_id'));
  expectReply(await check('ZZZZZZZZZZZZZZZZ', { temperature: 36.5 }), 404, err('not_found', 'code'));
  expectReply(await check(p.code, { temperature: 36.5 }, 'community'), 403);
  assert.equal(count('pass_check'), before);

  const ok = await check(p.code, { temperature: '36.5℃', remarks: '一车两人' });
  expectReply(ok, 201, { fever: false, referral: null,
    check: { temperature: 36.5, outcome: 'passed', id_confirmed: true, checkpoint_name: cp.name } });
  // valid at every checkpoint of the city the same day
  expectReply(await check(p.code, { temperature: 36.7, checkpoint_id: cp2.id }), 201, { fever: false });
  const seen = await api(srv.url, tok.staff, 'GET', `/api/v1/passes/${p.code}`);
  assert.equal(seen.body.checks.length, 2);
});

test('a pass of another day is refused (409 day), nothing stored', async () => {
  const p = await submit(pass({ name: '昨日司机' }));
  sql(`UPDATE pass SET day = day - 1 WHERE code = '${p.code}'`);   // as if made yesterday
  const before = count('pass_check');
  const r = await check(p.code, { temperature: 36.4 });
  expectReply(r, 409, err('conflict', 'day'));
  assert.equal(count('pass_check'), before);
  const pub = await api(srv.url, null, 'GET', `/api/v1/public/passes/${p.code}`);
  expectReply(pub, 200, { valid_today: false });
});

test('a fever flags the person and refers them to their community only', async () => {
  const p = await submit(pass({ name: '李居民', id_number: RESIDENT, plate: '' }));
  // 37.2 is no fever
  expectReply(await check(p.code, { temperature: 37.2 }), 201, { fever: false, referral: null });
  assert.equal(count('referral'), 0);
  const r = await check(p.code, { temperature: 37.3, outcome: 'turned_back', id_confirmed: false });
  expectReply(r, 201, { fever: true, referral: { id: n => n > 0, community: COMMUNITY,
    community_name: /\S/, status: 'pending' } });
  const flags = Number(sql(`SELECT flags FROM person WHERE id_number = '${RESIDENT}'`));
  assert.ok(flags & 32, 'PERSON_FEVER is set on the ledger person');
  const id = r.body.referral.id;

  const mine = await runCase(srv, tok, { as: 'community', path: '/api/v1/referrals', status: 200 });
  const ref = mine.body.referrals.find(x => x.id === id);
  assert.ok(ref, 'the community officer sees the referral');
  assertRef(ref);
  for (const as of ['town', 'command', 'yihu'])
    assert.ok((await api(srv.url, tok[as], 'GET', '/api/v1/referrals')).body.referrals.some(x => x.id === id), as);
  const other = await runCase(srv, tok, { as: 'cun2', path: '/api/v1/referrals', status: 200 });
  assert.ok(!other.body.referrals.some(x => x.id === id), 'another community does not');
  await runCase(srv, tok, { as: 'staff', path: '/api/v1/referrals', status: 403 });
  await runCase(srv, tok, { as: 'cun2', path: `/api/v1/referrals?node=${COMMUNITY}`, status: 403,
    json: err('forbidden', 'node') });
  await runCase(srv, tok, { as: 'community', path: '/api/v1/referrals?status=lost', status: 400,
    json: err('invalid', 'status') });

  // the community receives it, then closes it; no way back
  await runCase(srv, tok, { as: 'cun2', method: 'PATCH', path: `/api/v1/referrals/${id}`,
    body: { status: 'received' }, status: 403, json: err('forbidden', 'id') });
  await runCase(srv, tok, { as: 'community', method: 'PATCH', path: `/api/v1/referrals/${id}`,
    body: { status: 'received', remarks: '已送发热门诊' }, status: 200,
    json: { status: 'received', remarks: '已送发热门诊', handled_at: /T/ } });
  await runCase(srv, tok, { as: 'community', method: 'PATCH', path: `/api/v1/referrals/${id}`,
    body: { status: 'closed' }, status: 200, json: { status: 'closed' } });
  await runCase(srv, tok, { as: 'community', method: 'PATCH', path: `/api/v1/referrals/${id}`,
    body: { status: 'received' }, status: 409, json: err('conflict', 'status') });
  await runCase(srv, tok, { as: 'community', method: 'PATCH', path: `/api/v1/referrals/${id}`,
    body: { status: 'pending' }, status: 400, json: err('invalid', 'status') });
  await runCase(srv, tok, { as: 'community', path: '/api/v1/referrals?status=closed', status: 200,
    json: { referrals: l => l.some(x => x.id === id) } });

  // a driver not in the ledger goes to the town that runs the checkpoint
  const q = await submit(pass({ name: '外地司机', id_number: idNumber('42010619800101123') }));
  const r2 = await check(q.code, { temperature: 38.6, outcome: 'turned_back' });
  expectReply(r2, 201, { fever: true, referral: { community: TOWN } });
  const town = await api(srv.url, tok.town, 'GET', '/api/v1/referrals?status=pending');
  assert.ok(town.body.referrals.some(x => x.id === r2.body.referral.id && x.in_ledger === false));
  const comm = await api(srv.url, tok.community, 'GET', '/api/v1/referrals');
  assert.ok(!comm.body.referrals.some(x => x.id === r2.body.referral.id));
});
function assertRef(ref) {
  assert.equal(ref.name, '李居民');
  assert.equal(ref.id_number, RESIDENT.slice(0, 4) + '**********' + RESIDENT.slice(-4));
  assert.equal(ref.phone, '139****5678');
  assert.equal(ref.temperature, 37.3);
  assert.equal(ref.in_ledger, true);
  assert.equal(ref.checkpoint_name, cp.name);
  assert.equal(ref.status, 'pending');
}

test('the daily counts add up what happened at each checkpoint', async () => {
  // a fresh checkpoint, so the figures are exactly this test's
  const c = await api(srv.url, tok.town, 'POST', '/api/v1/checkpoints',
    { node: TOWN, name: '省道309卡点', kind: 'road' });
  expectReply(c, 201);
  const at = { checkpoint: c.body.code };
  const driver = await submit(pass({ ...at }));
  const passenger = await submit(pass({ ...at, name: '张乘客', id_number: idNumber('41900119900101123'), plate: '豫UD12345' }));
  const walker = await submit(pass({ ...at, name: '赵步行', id_number: idNumber('41900119920202456'), plate: '' }));
  const truck = await submit(pass({ ...at, name: '钱货车', id_number: idNumber('41900119700707789'), plate: '豫U12345' }));
  const on = { checkpoint_id: c.body.id };
  for (const [p, body] of [[driver, { temperature: 36.5 }], [driver, { temperature: 36.6 }],
    [passenger, { temperature: 37.9, outcome: 'turned_back' }], [walker, { temperature: 36.2 }],
    [truck, { temperature: 36.8, outcome: 'turned_back' }]])
    expectReply(await check(p.code, { ...on, ...body }), 201);
  const s = await runCase(srv, tok, { as: 'command', path: `/api/v1/checkpoints/stats?node=${TOWN}&day=${today}`,
    status: 200, json: { day: today, node: TOWN } });
  const row = s.body.checkpoints.find(x => x.id === c.body.id);
  assert.deepEqual({ vehicles: row.vehicles, persons: row.persons, checks: row.checks,
    fevers: row.fevers, turned_back: row.turned_back, passes: row.passes },
  { vehicles: 2, persons: 4, checks: 5, fevers: 1, turned_back: 2, passes: 4 });
  for (const k of ['checks', 'fevers', 'turned_back', 'passes'])
    assert.equal(s.body.total[k], s.body.checkpoints.reduce((a, x) => a + x[k], 0), k);
  await runCase(srv, tok, { as: 'command', path: `/api/v1/checkpoints/stats?day=2020-01-01`, status: 200,
    json: { total: { checks: 0, passes: 0 } } });
  await runCase(srv, tok, { as: 'command', path: '/api/v1/checkpoints/stats?day=2026-02-30', status: 400,
    json: err('invalid', 'day') });
  await runCase(srv, tok, { as: 'staff', path: '/api/v1/checkpoints/stats', status: 403 });
});
