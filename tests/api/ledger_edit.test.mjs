// ledger_edit.test.mjs - correcting the ledger: edit, move, transfer (迁出 →
// accepted or refused by the receiving node), soft delete, and the history
// of each record; bad input refused naming the field, nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { expectReply, err, tokens, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const COMMUNITY = '419001001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let srv, tok, otherCommunity, otherGrid, home, home2, away;
const call = (who, method, path, body) => api(srv.url, tok[who], method, '/api/v1' + path, body);

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'auditor', 'town', 'community', 'grid']);
  const comms = await call('town', 'GET', `/nodes/${TOWN}/children`);
  let other = comms.body.children.find(c => c.code !== COMMUNITY);
  if (!other)
    other = (await call('town', 'POST', '/nodes', { kind: 'community', name: '迁入社区', parent: TOWN })).body;
  otherCommunity = other.code;
  const grids = await call('town', 'GET', `/nodes/${other.code}/children`);
  otherGrid = grids.body.children[0]?.code ||
    (await call('town', 'POST', '/nodes', { kind: 'grid', name: '迁入网格', parent: other.code })).body.code;
  home = (await call('grid', 'POST', '/households', { grid: GRID, address: '修改小区1号楼101' })).body;
  home2 = (await call('grid', 'POST', '/households', { grid: GRID, address: '修改小区1号楼102' })).body;
  away = (await call('town', 'POST', '/households', { grid: otherGrid, address: '迁入小区2号楼201' })).body;
  assert.ok(home.id && home2.id && away.id);
});
after(async () => { await srv?.stop(); });

let seq = 0;
async function newPerson(extra = {}) {
  seq++;
  const id = idNumber('41900119800101' + String(100 + seq).padStart(3, '0'));
  const r = await call('grid', 'POST', '/persons', {
    household_id: home.id, name: '改' + seq, id_number: id, phone: '1380000' + String(1000 + seq), ...extra,
  });
  expectReply(r, 201);
  return r.body;
}

test('an edit corrects a phone, says what changed, and writes the history', async () => {
  const p = await newPerson();
  const mark = await auditMark(srv, tok.admin);
  const r = await call('grid', 'PATCH', `/persons/${p.id}`, { phone: '13912345678', reason: '电话抄错' });
  expectReply(r, 200, { id: p.id, phone: '139****5678', changed: 1 });
  const again = await call('grid', 'PATCH', `/persons/${p.id}`, { phone: '13912345678' });
  expectReply(again, 200, { changed: 0 });
  const h = await call('grid', 'GET', `/persons/${p.id}/history`);
  expectReply(h, 200);
  const edits = h.body.history.filter(x => x.action === 'edit');
  assert.equal(edits.length, 1, JSON.stringify(h.body));
  assert.deepEqual([edits[0].field, edits[0].old, edits[0].new, edits[0].reason, edits[0].username],
    ['phone', p.phone, '139****5678', '电话抄错', 'grid']);
  const audit = await auditSince(srv, tok.admin, mark, 'person.update');
  assert.equal(audit.filter(e => e.record === `person:${p.id}` && e.success).length, 2);
  // the auditor sees the audit rows, never the history (personal data)
  expectReply(await call('auditor', 'GET', `/persons/${p.id}/history`), 403);
});

test('bad edits are refused naming the field, and change nothing', async () => {
  const p = await newPerson();
  expectReply(await call('grid', 'PATCH', `/persons/${p.id}`, { phone: '1391234' }), 400, err('invalid', 'phone'));
  expectReply(await call('grid', 'PATCH', `/persons/${p.id}`, { id_number: '110105199001011239' }), 400,
    err('invalid', 'id_number', { key: 'id_number.check_digit' }));
  const other = await newPerson();
  const taken = await call('grid', 'GET', `/persons?name=${encodeURIComponent(other.name)}`);
  assert.equal(taken.status, 200);
  const g = await call('grid', 'GET', `/persons/${p.id}`);
  expectReply(g, 200, { phone: p.phone, id_number: p.id_number });
  const h = await call('grid', 'GET', `/persons/${p.id}/history`);
  assert.equal(h.body.history.filter(x => x.action === 'edit').length, 0);
});

test('a move within the jurisdiction needs a reason; into a grid outside it is refused', async () => {
  const p = await newPerson();
  expectReply(await call('grid', 'POST', `/persons/${p.id}/move`, { household_id: home2.id }), 400,
    err('invalid', 'reason'));
  expectReply(await call('grid', 'POST', `/persons/${p.id}/move`, { household_id: away.id, reason: '搬家' }), 403,
    err('forbidden', 'household_id'));
  const still = await call('grid', 'GET', `/persons/${p.id}`);
  expectReply(still, 200, { household_id: home.id });
  const r = await call('grid', 'POST', `/persons/${p.id}/move`, { household_id: home2.id, reason: '搬到隔壁' });
  expectReply(r, 200, { household_id: home2.id, address: '修改小区1号楼102', grid: GRID });
  const h = await call('grid', 'GET', `/persons/${p.id}/history`);
  const mv = h.body.history.filter(x => x.action === 'move');
  assert.ok(mv.some(x => x.field === 'address' && x.old === '修改小区1号楼101' && x.new === '修改小区1号楼102' &&
    x.reason === '搬到隔壁'), JSON.stringify(h.body));
});

test('a deletion needs a reason; the deleted person leaves lists but keeps the history', async () => {
  const p = await newPerson();
  expectReply(await call('grid', 'POST', `/persons/${p.id}/delete`, {}), 400, err('invalid', 'reason'));
  expectReply(await call('grid', 'POST', `/persons/${p.id}/delete`, { reason: '  ' }), 400, err('invalid', 'reason'));
  let list = await call('grid', 'GET', `/persons?household_id=${home.id}&limit=500`);
  assert.ok(list.body.persons.some(x => x.id === p.id));
  const counted = async () => (await call('community', 'GET', `/coverage?node=${COMMUNITY}`))
    .body.children.find(c => c.code === GRID).persons;
  const before = await counted();
  const r = await call('grid', 'POST', `/persons/${p.id}/delete`, { reason: '重复登记' });
  expectReply(r, 200, { id: p.id, deleted_at: /^\d{4}-/ });
  list = await call('grid', 'GET', `/persons?household_id=${home.id}&limit=500`);
  assert.ok(!list.body.persons.some(x => x.id === p.id));
  assert.equal(await counted(), before - 1, 'the coverage counts live persons only');
  const byId = await call('grid', 'GET', `/persons?id_number=${p.id_number.replace(/\*/g, '')}`);
  assert.equal(byId.status, 200);
  expectReply(await call('grid', 'GET', `/persons/${p.id}`), 200, { deleted_at: /^\d{4}-/ });
  const h = await call('grid', 'GET', `/persons/${p.id}/history`);
  assert.ok(h.body.history.some(x => x.action === 'delete' && x.reason === '重复登记'));
  expectReply(await call('grid', 'PATCH', `/persons/${p.id}`, { phone: '13700000000' }), 404, err('not_found', 'id'));
  expectReply(await call('grid', 'POST', `/persons/${p.id}/delete`, { reason: '再删' }), 404, err('not_found', 'id'));
});

test('迁出: the receiving node accepts into one of its households; a refusal changes nothing', async () => {
  const p = await newPerson();
  expectReply(await call('grid', 'POST', `/persons/${p.id}/transfer`, { to_node: otherCommunity }), 400,
    err('invalid', 'reason'));
  expectReply(await call('grid', 'POST', `/persons/${p.id}/transfer`, { to_node: GRID, reason: '搬走' }), 400,
    err('invalid', 'to_node'));
  const t = await call('grid', 'POST', `/persons/${p.id}/transfer`, { to_node: otherCommunity, reason: '搬到外社区' });
  expectReply(t, 201, { kind: 'person', record_id: p.id, status: 'pending', from_node: GRID, to_node: otherCommunity });
  expectReply(await call('grid', 'POST', `/persons/${p.id}/transfer`, { to_node: otherCommunity, reason: '再来' }), 409,
    err('conflict', 'id'));
  // the sender cannot accept its own transfer: the receiving node decides
  expectReply(await call('grid', 'POST', `/transfers/${t.body.id}/decide`, { accept: true, household_id: home.id }), 403);
  const pending = await call('town', 'GET', `/transfers?node=${otherCommunity}&status=pending`);
  expectReply(pending, 200);
  assert.ok(pending.body.transfers.some(x => x.id === t.body.id && x.title === p.name));
  expectReply(await call('town', 'POST', `/transfers/${t.body.id}/decide`, { accept: true }), 400,
    err('invalid', 'household_id'));
  expectReply(await call('town', 'POST', `/transfers/${t.body.id}/decide`, { accept: true, household_id: home.id }), 400,
    err('invalid', 'household_id'));
  const ok = await call('town', 'POST', `/transfers/${t.body.id}/decide`, { accept: true, household_id: away.id });
  expectReply(ok, 200, { status: 'accepted', decider: 'town' });
  expectReply(await call('town', 'POST', `/transfers/${t.body.id}/decide`, { accept: false, note: 'x' }), 409);
  expectReply(await call('town', 'GET', `/persons/${p.id}`), 200, { household_id: away.id, grid: otherGrid });
  expectReply(await call('grid', 'GET', `/persons/${p.id}`), 403);
  const h = await call('town', 'GET', `/persons/${p.id}/history`);
  assert.ok(h.body.history.some(x => x.action === 'transfer_out' && x.new === otherCommunity));
  assert.ok(h.body.history.some(x => x.action === 'transfer_in' && x.field === 'grid' && x.new === otherGrid));

  const q = await newPerson();
  const t2 = await call('grid', 'POST', `/persons/${q.id}/transfer`, { to_node: otherCommunity, reason: '搬走' });
  expectReply(await call('town', 'POST', `/transfers/${t2.body.id}/decide`, { accept: false }), 400, err('invalid', 'note'));
  expectReply(await call('town', 'POST', `/transfers/${t2.body.id}/decide`, { accept: false, note: '查无此人' }), 200,
    { status: 'refused', note: '查无此人' });
  expectReply(await call('grid', 'GET', `/persons/${q.id}`), 200, { household_id: home.id, grid: GRID });
});

test('households: address edit, move needs a reason, delete only when empty', async () => {
  const h = (await call('grid', 'POST', '/households', { grid: GRID, address: '住户修改3号' })).body;
  expectReply(await call('grid', 'PATCH', `/households/${h.id}`, { address: '住户修改3号楼' }), 200,
    { address: '住户修改3号楼' });
  expectReply(await call('grid', 'POST', `/households/${h.id}/move`, { grid: otherGrid, reason: '划片调整' }), 403,
    err('forbidden', 'grid'));
  expectReply(await call('community', 'POST', `/households/${h.id}/move`, { grid: GRID }), 400, err('invalid', 'reason'));
  const p = await newPerson({ household_id: h.id });
  expectReply(await call('grid', 'POST', `/households/${h.id}/delete`, { reason: '拆迁' }), 409, err('conflict', 'id'));
  expectReply(await call('grid', 'POST', `/persons/${p.id}/delete`, { reason: '已去世' }), 200);
  expectReply(await call('grid', 'POST', `/households/${h.id}/delete`, {}), 400, err('invalid', 'reason'));
  const d = await call('grid', 'POST', `/households/${h.id}/delete`, { reason: '拆迁' });
  assert.equal(d.status, 204);
  const hist = await call('grid', 'GET', `/households/${h.id}/history`);
  expectReply(hist, 200);
  assert.deepEqual(hist.body.history.map(x => x.action), ['edit', 'delete']);
  expectReply(await call('grid', 'POST', '/persons', { household_id: h.id, name: '不行' }), 404,
    err('not_found', 'household_id'));
});
