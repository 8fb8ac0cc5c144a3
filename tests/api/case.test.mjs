// Cases against a real server: an epidemiologist reports and confirms a
// case (bad input names the field and changes nothing; impossible status
// changes are refused), builds its trajectory from a venue scan and a
// manual entry (unknown venue 400), exports it, proposes contacts (the
// household members, with the reason), confirms one, dismisses one
// (confirming twice 409), and links two cases into a chain (no cycles).
// Venue contacts are asserted from a scan and from a manual entry that
// names the venue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, cli, sql as sqlOn } from '../lib/server.mjs';
import { tokens, expectReply, err } from './helpers.mjs';

let srv, tok, A, B, C, D, caseA, caseD;
const VENUE = 9001;
const iso = msAgo => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const day = n => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

function sql(q) {
  return sqlOn(srv.db, q);
}
const as = (who, method, path, body) => api(srv.url, tok[who], method, path, body);

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'grid']);
  const made = await api(srv.url, tok.admin, 'POST', '/api/v1/users', {
    username: 'epi', display_name: '流调一组', role: 'epidemiologist', node: '419001',
    password: srv.password,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  Object.assign(tok, await tokens(srv, ['epi']));
  sql(`INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc) VALUES (${VENUE}, '419001001', '好又多超市', 1, '建设路1号', '张三', '13800138000', 1, 'CASEVENUE0000001', 0)`);
  // a household of three or more with ID numbers, and someone elsewhere
  const hh = sql('SELECT household_id FROM person WHERE household_id IS NOT NULL AND id_number IS NOT NULL GROUP BY household_id HAVING count(*) >= 3 ORDER BY household_id LIMIT 1');
  [A, B, C] = sql(`SELECT id || '|' || id_number FROM person WHERE household_id = ${hh} ORDER BY id LIMIT 3`)
    .split('\n').map(l => { const [id, idn] = l.split('|'); return { id: +id, idn }; });
  const d = sql(`SELECT id || '|' || id_number FROM person WHERE household_id IS NOT NULL AND household_id <> ${hh} AND id_number IS NOT NULL ORDER BY id LIMIT 1`).split('|');
  D = { id: +d[0], idn: d[1] };
});
after(async () => { await srv?.stop(); });

test('a case is reported by ID number; bad input names the field and changes nothing', async () => {
  const n = sql('SELECT count(*) FROM epi_case');
  for (const [body, status, field] of [
    [{ id_number: A.idn, onset_date: day(-2) }, 400, 'onset_date'],
    [{ id_number: A.idn, sample_date: day(-1) }, 400, 'sample_date'],
    [{ id_number: A.idn, onset_date: day(3), isolation_date: day(5) }, 400, 'isolation_date'],
    [{ id_number: A.idn, status: 'discharged' }, 400, 'status'],
    [{ id_number: A.idn, source: 'mars' }, 400, 'source'],
    [{ person_id: 99999999 }, 404, 'person_id'],
    [{ id_number: '11010519491231002X' }, 404, 'id_number'],
    [{ id_number: A.idn, source_case_id: 99999 }, 404, 'source_case_id'],
    [{}, 400, 'person_id'],
  ]) {
    const r = await as('epi', 'POST', '/api/v1/cases', body);
    expectReply(r, status, err(status === 400 ? 'invalid' : 'not_found', field), JSON.stringify(body));
  }
  expectReply(await as('command', 'POST', '/api/v1/cases', { id_number: A.idn }), 403);
  assert.equal(sql('SELECT count(*) FROM epi_case'), n);

  const r = await as('epi', 'POST', '/api/v1/cases',
    { id_number: A.idn, hospital: '济源市人民医院', source: 'local', remarks: '发热门诊报告' });
  expectReply(r, 201, {
    person_id: A.id, status: 'suspected', status_label: '疑似病例', hospital: '济源市人民医院',
    source: 'local', onset_date: null, source_case_id: null,
    id_number: /^\d{4}\*{10}[\dX]{4}$/,
  });
  assert.deepEqual(r.body.next.map(x => x.status), ['confirmed', 'asymptomatic', 'excluded']);
  caseA = r.body.id;
  expectReply(await as('epi', 'POST', '/api/v1/cases', { person_id: A.id }), 409,
    err('conflict', 'person_id'));
});

test('status moves only along the table, each change dated and by whom', async () => {
  const r = await as('epi', 'POST', `/api/v1/cases/${caseA}/status`,
    { status: 'confirmed', remarks: '核酸阳性' });
  expectReply(r, 200, { status: 'confirmed', status_label: '确诊病例' });
  assert.deepEqual(r.body.next.map(x => x.status), ['discharged', 'dead']);
  for (const status of ['suspected', 'excluded', 'confirmed', 'nonsense']) {
    expectReply(await as('epi', 'POST', `/api/v1/cases/${caseA}/status`, { status }), 400,
      err('invalid', 'status'));
  }
  expectReply(await as('command', 'POST', `/api/v1/cases/${caseA}/status`, { status: 'dead' }), 403);
  const g = await as('epi', 'GET', `/api/v1/cases/${caseA}`);
  expectReply(g, 200, { status: 'confirmed' });
  assert.deepEqual(g.body.events.map(e => [e.from, e.to, e.username]),
    [['', 'suspected', 'epi'], ['suspected', 'confirmed', 'epi']]);
  assert.equal(g.body.events[1].remarks, '核酸阳性');
  // dates: isolation before onset is refused, nothing changed
  expectReply(await as('epi', 'PATCH', `/api/v1/cases/${caseA}`,
    { onset_date: day(2), isolation_date: day(3) }), 400, err('invalid', 'isolation_date'));
  expectReply(await as('epi', 'GET', `/api/v1/cases/${caseA}`), 200, { onset_date: null });
  expectReply(await as('epi', 'PATCH', `/api/v1/cases/${caseA}`,
    { onset_date: day(2), sample_date: day(1) }), 200,
  { onset_date: day(2), sample_date: day(1), isolation_date: null, hospital: '济源市人民医院' });
  // read: command reads (masked), a grid worker does not
  const l = await as('command', 'GET', '/api/v1/cases?status=confirmed');
  expectReply(l, 200);
  assert.ok(l.body.cases.some(c => c.id === caseA && /\*{4}/.test(c.phone + c.id_number)));
  expectReply(await as('grid', 'GET', '/api/v1/cases'), 403);
  expectReply(await as('epi', 'GET', '/api/v1/cases?status=bad'), 400, err('invalid', 'status'));
});

test('the trajectory merges a venue scan and a manual entry; unknown venue 400; export', async () => {
  expectReply(await as('admin', 'POST', '/api/v1/scans/batch',
    { scans: [{ venue: VENUE, id_number: A.idn, at: iso(5 * 3600e3) }] }), 200, { added: 1 });
  const n = sql('SELECT count(*) FROM trajectory_entry');
  for (const [body, field] of [
    [{ place: '亲戚家', venue_id: 424242, from: iso(3 * 3600e3) }, 'venue_id'],
    [{ place: '亲戚家', from: iso(3 * 3600e3), to: iso(4 * 3600e3) }, 'to'],
    [{ place: '亲戚家', from: iso(-86400e3) }, 'from'],
    [{ place: '亲戚家' }, 'from'],
    [{ from: iso(3 * 3600e3) }, 'place'],
  ]) {
    expectReply(await as('epi', 'POST', `/api/v1/cases/${caseA}/trajectory`, body), 400,
      err('invalid', field), JSON.stringify(body));
  }
  assert.equal(sql('SELECT count(*) FROM trajectory_entry'), n);
  const m = await as('epi', 'POST', `/api/v1/cases/${caseA}/trajectory`,
    { place: '亲戚家', address: '北海路8号', from: iso(3 * 3600e3), to: iso(2 * 3600e3), remarks: '聚餐' });
  expectReply(m, 201, { kind: 'manual', place: '亲戚家', venue_id: null });
  expectReply(await as('epi', 'POST', `/api/v1/cases/${caseA}/trajectory`,
    { venue_id: VENUE, from: iso(1 * 3600e3) }), 201, { place: '好又多超市', venue_id: VENUE });

  const t = await as('epi', 'GET', `/api/v1/cases/${caseA}/trajectory`);
  expectReply(t, 200, { case: { id: caseA } });
  assert.deepEqual(t.body.stops.map(s => [s.kind, s.place]),
    [['scan', '好又多超市'], ['manual', '亲戚家'], ['manual', '好又多超市']]);
  assert.equal(Date.parse(t.body.stops[0].to) - Date.parse(t.body.stops[0].from), 30 * 60e3);

  const csv = await fetch(srv.url + `/api/v1/cases/${caseA}/trajectory/export?format=csv`,
    { headers: { authorization: 'Bearer ' + tok.epi } });
  assert.equal(csv.status, 200);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  assert.match(text, /病例编号,姓名,身份证号,类型/);
  assert.match(text, /="\d{4}\*{10}[\dX]{4}"/);         // masked and kept as text
  assert.match(text, /场所扫码.*好又多超市/);
  const x = await fetch(srv.url + `/api/v1/cases/${caseA}/trajectory/export?format=xlsx`,
    { headers: { authorization: 'Bearer ' + tok.epi } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  expectReply(await as('epi', 'GET', `/api/v1/cases/${caseA}/trajectory/export?format=pdf`), 400,
    err('invalid', 'format'));
});

test('a checkpoint pass of the person joins the trajectory', async () => {
  const cp = await as('command', 'POST', '/api/v1/checkpoints',
    { node: '419001001', name: '病例测试卡点', kind: 'highway' });
  expectReply(cp, 201);
  const name = sql(`SELECT name FROM person WHERE id = ${A.id}`);
  expectReply(await api(srv.url, null, 'POST', '/api/v1/public/passes', { checkpoint: cp.body.code,
    name, id_number: A.idn, phone: '13700001234', plate: '豫U12345', origin_name: '郑州市' }), 201);
  const t = await as('epi', 'GET', `/api/v1/cases/${caseA}/trajectory`);
  expectReply(t, 200);
  const last = t.body.stops[t.body.stops.length - 1];
  assert.deepEqual([last.kind, last.place, last.plate, last.checkpoint_id],
    ['pass', '病例测试卡点', '豫U12345', cp.body.id]);
});

test('contacts: household members are proposed with the reason; confirm, dismiss, 409', async () => {
  const p = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  expectReply(p, 200);
  const byPerson = id => p.body.contacts.find(k => k.person_id === id);
  for (const who of [B, C]) {
    assert.ok(byPerson(who.id), `household member ${who.id} proposed: ${JSON.stringify(p.body)}`);
    assertHousehold(byPerson(who.id));
  }
  assert.ok(!byPerson(A.id), 'the case itself is no contact');
  const kb = byPerson(B.id).id, kc = byPerson(C.id).id;

  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kb}/decide`, { confirm: true }), 200,
    { status: 'confirmed', person_id: B.id });
  const again = sql(`SELECT status || '|' || decided_at FROM contact WHERE id = ${kb}`);
  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kb}/decide`, { confirm: true }), 409,
    err('conflict', 'id'));
  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kb}/decide`, { confirm: false, reason: 'x' }), 409,
    err('conflict', 'id'));
  assert.equal(sql(`SELECT status || '|' || decided_at FROM contact WHERE id = ${kb}`), again);
  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kc}/decide`, { confirm: false }), 400,
    err('invalid', 'reason'));
  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kc}/decide`, {}), 400,
    err('invalid', 'confirm'));
  expectReply(await as('command', 'POST', `/api/v1/contacts/${kc}/decide`, { confirm: true }), 403);
  expectReply(await as('epi', 'POST', `/api/v1/contacts/${kc}/decide`,
    { confirm: false, reason: '已外出务工，不在同住' }), 200,
  { status: 'dismissed', decision_reason: '已外出务工，不在同住' });

  // proposing again keeps the decisions
  const q = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  expectReply(q, 200, { added: 0 });
  const l = await as('command', 'GET', `/api/v1/cases/${caseA}/contacts`);
  expectReply(l, 200);
  assert.equal(l.body.contacts.find(k => k.id === kb).status, 'confirmed');
  assert.equal(l.body.contacts.find(k => k.id === kc).status, 'dismissed');
});

function assertHousehold(k) {
  assert.equal(k.kind, 'household');
  assert.equal(k.kind_label, '同住');
  assert.equal(k.status, 'proposed');
  assert.equal(k.reason.kind_label, '同住');
  assert.match(k.id_number, /^\d{4}\*{10}[\dX]{4}$/);
  assert.match(k.phone, /^(\d{3}\*{4}\d{4})?$/);
}

test('a case without onset or sample date cannot be traced', async () => {
  const r = await as('epi', 'POST', '/api/v1/cases', { id_number: D.idn, status: 'confirmed' });
  expectReply(r, 201, { status: 'confirmed' });
  caseD = r.body.id;
  expectReply(await as('epi', 'POST', `/api/v1/cases/${caseD}/contacts/propose`), 400,
    err('invalid', 'onset_date'));
});

test('a source link makes a chain; itself or a cycle is refused', async () => {
  expectReply(await as('epi', 'PATCH', `/api/v1/cases/${caseD}`, { source_case_id: caseD }), 400,
    err('invalid', 'source_case_id'));
  expectReply(await as('epi', 'PATCH', `/api/v1/cases/${caseD}`,
    { source_case_id: caseA, source_remarks: '同桌聚餐' }), 200,
  { source_case_id: caseA, source_remarks: '同桌聚餐' });
  expectReply(await as('epi', 'PATCH', `/api/v1/cases/${caseA}`, { source_case_id: caseD }), 400,
    err('invalid', 'source_case_id'));
  expectReply(await as('epi', 'GET', `/api/v1/cases/${caseA}`), 200, { source_case_id: null });

  const g = await as('command', 'GET', '/api/v1/chains?node=419001');
  expectReply(g, 200);
  assert.ok(g.body.links.some(l => l.source === caseA && l.target === caseD && l.remarks === '同桌聚餐'),
    JSON.stringify(g.body.links));
  const chain = g.body.chains.find(ch => ch.includes(caseA));
  assert.deepEqual(chain, [caseA, caseD]);
  const one = await as('epi', 'GET', `/api/v1/cases/${caseD}/chain`);
  expectReply(one, 200);
  assert.deepEqual(one.body.nodes.map(n => [n.id, n.depth]), [[caseA, 0], [caseD, 1]]);
  expectReply(await as('grid', 'GET', '/api/v1/chains'), 403);
});

test('a venue scan overlapping the case is proposed with the venue and minutes',
  async () => {
    const e = sql(`SELECT id || '|' || id_number FROM person WHERE household_id IS NOT NULL AND id_number IS NOT NULL AND household_id NOT IN (SELECT household_id FROM person WHERE id IN (${A.id}, ${D.id})) ORDER BY id DESC LIMIT 1`).split('|');
    expectReply(await as('admin', 'POST', '/api/v1/scans/batch',
      { scans: [{ venue: VENUE, id_number: e[1], at: iso(5 * 3600e3 - 5 * 60e3) }] }), 200, { added: 1 });
    const p = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
    expectReply(p, 200);
    const k = p.body.contacts.find(x => x.person_id === +e[0]);
    assert.ok(k, JSON.stringify(p.body.contacts));
    assert.equal(k.kind, 'venue');
    assert.equal(k.reason.venue, '好又多超市');
    assert.ok(k.reason.overlap_minutes >= 15, JSON.stringify(k.reason));
  });

test('a manual trajectory entry at a venue finds who scanned there then', async () => {
  const f = sql(`SELECT id || '|' || id_number FROM person WHERE household_id IS NOT NULL AND id_number IS NOT NULL AND household_id NOT IN (SELECT household_id FROM person WHERE id IN (${A.id}, ${D.id})) ORDER BY id DESC LIMIT 1 OFFSET 1`).split('|');
  // F shops at 8:00 ago for the supermarket's 30 minutes; A did not scan
  expectReply(await as('admin', 'POST', '/api/v1/scans/batch',
    { scans: [{ venue: VENUE, id_number: f[1], at: iso(8 * 3600e3) }] }), 200, { added: 1 });
  const before = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  expectReply(before, 200);
  assert.ok(!before.body.contacts.some(x => x.person_id === +f[0]), 'not yet a contact');
  // the epidemiologist learns A was there from 8:10 ago to 7:00 ago
  expectReply(await as('epi', 'POST', `/api/v1/cases/${caseA}/trajectory`,
    { venue_id: VENUE, from: iso(8 * 3600e3 + 10 * 60e3), to: iso(7 * 3600e3) }), 201,
  { venue_id: VENUE });
  const p = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  expectReply(p, 200);
  const k = p.body.contacts.find(x => x.person_id === +f[0]);
  assert.ok(k, JSON.stringify(p.body.contacts.map(x => x.person_id)));
  assert.equal(k.kind, 'venue');
  assert.equal(k.reason.venue, '好又多超市');
  assert.equal(k.reason.overlap_minutes, 30);
});

test('the deployment rules, set by lianfang tracing rules on the running server, decide', async () => {
  const g = sql(`SELECT id || '|' || id_number FROM person WHERE household_id IS NOT NULL AND id_number IS NOT NULL AND household_id NOT IN (SELECT household_id FROM person WHERE id IN (${A.id}, ${D.id})) ORDER BY id DESC LIMIT 1 OFFSET 2`).split('|');
  // G at the supermarket 12:00 ago for 30 minutes; A there 12:10-11:30 ago: 30 minutes together
  expectReply(await as('admin', 'POST', '/api/v1/scans/batch',
    { scans: [{ venue: VENUE, id_number: g[1], at: iso(12 * 3600e3) }] }), 200, { added: 1 });
  expectReply(await as('epi', 'POST', `/api/v1/cases/${caseA}/trajectory`,
    { venue_id: VENUE, from: iso(12 * 3600e3 + 10 * 60e3), to: iso(11.5 * 3600e3) }), 201);
  const bad = cli(['tracing', 'rules', '--db', srv.db, '--set', 'min_overlap_minutes=45 household=7']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /household: 须为 0 或 1/);
  const set = cli(['tracing', 'rules', '--db', srv.db, '--set', 'min_overlap_minutes=45']);
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stdout, /^min_overlap_minutes=45$/m);
  assert.match(set.stdout, /^household=1$/m);                 // the bad run changed nothing
  const strict = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  expectReply(strict, 200, { rules: { min_overlap_minutes: 45, household: true, secondary: true } });
  assert.ok(!strict.body.contacts.some(x => x.person_id === +g[0]), '30 minutes < 45');
  assert.equal(cli(['tracing', 'rules', '--db', srv.db, '--set', 'min_overlap_minutes=15']).status, 0);
  const usual = await as('epi', 'POST', `/api/v1/cases/${caseA}/contacts/propose`);
  const k = usual.body.contacts.find(x => x.person_id === +g[0]);
  assert.ok(k, 'proposed under the usual 15 minutes');
  assert.equal(k.reason.overlap_minutes, 30);
});
