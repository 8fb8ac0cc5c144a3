// The label tables and the caller's access against a real server:
// GET /meta (public) serves the core's tables, and its labels are the ones
// the other endpoints use (case statuses in a case reply, roles, venue
// types, checkpoint kinds); GET /me gives the caller's rights by name, the
// modules it may open in tab order (its home first) and the version of the
// tables; read-only roles get no writing right and no module that writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, sql } from '../lib/server.mjs';
import { tokens, expectReply } from './helpers.mjs';

let srv, tok, meta;
const as = (who, method, path, body) => api(srv.url, tok[who], method, path, body);
const labelOf = (table, id) => (meta.labels[table].find(r => r.id === String(id)) || {}).label;
// a right that changes something
const WRITES = /\.(edit|write|manage|admin|apply|review|verify|ingest|export_full)$/;

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'town', 'community', 'grid', 'cdc', 'auditor']);
  for (const [username, role] of [['doc', 'medical'], ['gate', 'checkpoint_staff'],
    ['shop', 'venue_operator']]) {
    const r = await as('admin', 'POST', '/api/v1/users',
      { username, role, node: '419001', password: srv.password });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  Object.assign(tok, await tokens(srv, ['doc', 'gate', 'shop']));
  const r = await api(srv.url, null, 'GET', '/api/v1/meta');
  expectReply(r, 200, { version: /^[0-9a-f]{16}$/ });
  meta = r.body;
});
after(async () => { await srv?.stop(); });

test('GET /meta: every table has rows of id and label; tones are the known ones', () => {
  for (const name of ['case_status', 'case_source', 'case_stop_kind', 'contact_status',
    'contact_kind', 'venue_status', 'venue_type', 'checkpoint_kind', 'check_outcome',
    'referral_status', 'self_report_status', 'visit_outcome', 'node_kind', 'role', 'right',
    'sex', 'relation', 'risk_level', 'transport', 'audit_action', 'audit_group']) {
    const rows = meta.labels[name];
    assert.ok(Array.isArray(rows) && rows.length, `table ${name}`);
    for (const r of rows) {
      assert.equal(typeof r.id, 'string', `${name} id`);
      assert.ok(r.label && /[\u4e00-\u9fff]/.test(r.label), `${name} ${r.id}: ${r.label}`);
      assert.ok(!('tone' in r) || ['ok', 'warn', 'bad', 'muted'].includes(r.tone), `${name} tone`);
    }
    assert.equal(new Set(rows.map(r => r.id)).size, rows.length, `${name}: ids unique`);
  }
  assert.deepEqual(meta.labels.case_status.map(r => r.id),
    ['suspected', 'confirmed', 'asymptomatic', 'excluded', 'discharged', 'dead']);
  assert.equal(labelOf('case_status', 'confirmed'), '确诊病例');
  assert.equal(labelOf('sex', 1), '男');
});

test('GET /meta: the same labels as the endpoints that use the tables', async () => {
  // a case's status and its possible next statuses
  const idn = sql(srv.db, 'SELECT id_number FROM person WHERE id_number IS NOT NULL ORDER BY id LIMIT 1').trim();
  const c = await as('cdc', 'POST', '/api/v1/cases', { id_number: idn, source: 'imported' });
  expectReply(c, 201);
  assert.equal(c.body.status_label, labelOf('case_status', c.body.status));
  assert.equal(c.body.source_label, labelOf('case_source', 'imported'));
  assert.ok(c.body.next.length >= 3);
  for (const n of c.body.next) assert.equal(n.label, labelOf('case_status', n.status));
  // roles (the command line's "system" is in /meta for the audit log only)
  const roles = (await as('admin', 'GET', '/api/v1/roles')).body.roles;
  assert.deepEqual(roles.map(r => [r.role, r.label]),
    meta.labels.role.filter(r => r.id !== 'system').map(r => [r.id, r.label]));
  // venue types
  const types = (await as('shop', 'GET', '/api/v1/venues/types')).body.types;
  assert.deepEqual(types.map(t => [t.type, t.label]), meta.labels.venue_type.map(r => [r.id, r.label]));
  // a checkpoint's kind
  const cp = await as('command', 'POST', '/api/v1/checkpoints',
    { node: '419001001', name: '元数据测试卡点', kind: 'rail', road: '火车站前' });
  expectReply(cp, 201, { kind: 'rail', kind_label: labelOf('checkpoint_kind', 'rail') });
});

test('GET /me: rights by name, the modules in tab order, the tables\' version', async () => {
  const want = {
    admin: { nav: ['tree', 'duty', 'users', 'audit'], has: ['user.admin', 'node.edit'], not: ['ledger.read', 'case.read'] },
    auditor: { nav: ['audit'], has: ['audit.read'] },
    command: { nav: ['tree', 'duty', 'coverage', 'persons', 'arrivals', 'reports', 'venue-review',
      'checkpoints', 'referrals', 'cases'], has: ['round.manage', 'case.read'], not: ['case.write', 'ledger.edit'] },
    community: { nav: ['tree', 'duty', 'visits', 'coverage', 'persons', 'arrivals', 'reports',
      'venue-review', 'referrals', 'cases'], has: ['ledger.edit', 'round.manage'] },
    // the grid worker's home first; self-reports wait at communities
    grid: { nav: ['visits', 'tree', 'duty', 'coverage', 'persons', 'arrivals'], has: ['ledger.edit'] },
    cdc: { nav: ['tree', 'coverage', 'persons', 'arrivals', 'reports', 'referrals', 'cases'],
      has: ['case.write', 'trajectory.read'], not: ['ledger.edit'] },
    doc: { nav: ['tree', 'referrals', 'cases'], has: ['case.read'], not: ['case.write'] },
    gate: { nav: ['verify', 'tree'], has: ['pass.verify'] },
    shop: { nav: ['venue-apply'], has: ['venue.apply'], not: ['node.read'] },
  };
  for (const [who, w] of Object.entries(want)) {
    const r = await as(who, 'GET', '/api/v1/me');
    expectReply(r, 200, { meta_version: meta.version });
    assert.deepEqual(r.body.nav.map(m => m.id), w.nav, `${who}: nav`);
    for (const right of w.has) assert.ok(r.body.rights.includes(right), `${who} has ${right}`);
    for (const right of w.not || []) assert.ok(!r.body.rights.includes(right), `${who} lacks ${right}`);
    for (const right of r.body.rights) assert.ok(labelOf('right', right), `${who}: ${right} is a right`);
    for (const m of r.body.nav) {
      assert.ok(r.body.rights.includes(m.right), `${who}: ${m.id} needs ${m.right}`);
      assert.equal(m.href, '#/' + m.id);
      assert.ok(/[\u4e00-\u9fff]/.test(m.label));
    }
    assert.equal(r.body.role_label, labelOf('role', r.body.role));
  }
});

test('GET /me: read-only roles get no writing right and no module that writes', async () => {
  for (const who of ['auditor', 'doc']) {
    const r = await as(who, 'GET', '/api/v1/me');
    expectReply(r, 200);
    assert.deepEqual(r.body.rights.filter(x => WRITES.test(x)), [], who);
    assert.deepEqual(r.body.nav.filter(m => WRITES.test(m.right)), [], who);
  }
  // and the server refuses what the page does not offer
  expectReply(await as('doc', 'POST', '/api/v1/cases', { id_number: '11010519491231002X' }), 403);
});

test('GET /meta needs no session and ignores a bad one', async () => {
  const r = await api(srv.url, 'not-a-token', 'GET', '/api/v1/meta');
  expectReply(r, 200, { version: meta.version });
  assert.deepEqual(r.body.labels, meta.labels);
  expectReply(await api(srv.url, null, 'GET', '/api/v1/me'), 401);
});
