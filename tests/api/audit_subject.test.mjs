// audit_subject.test.mjs - who looked at whom (issue 13): every route that
// returns personal data names the persons it returned beside its audit
// row; GET /api/v1/audit/person lists everyone who saw a person; a 401
// with a forged token leaves a row with the address and a short hash of
// the token, never the token, and a flood of them is capped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sql } from '../lib/server.mjs';
import { expectReply, tokens } from './helpers.mjs';
import { routeTable } from './route_table.mjs';

let srv, tok, caseId;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'town', 'auditor', 'grid']);
  expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/users', {
    username: 'epi', display_name: '流调', role: 'epidemiologist', node: '419001', password: srv.password,
  }), 201);
  Object.assign(tok, await tokens(srv, ['epi']));
  const idn = sql(srv.db, "SELECT id_number FROM person WHERE id_number IS NOT NULL AND grid LIKE '419001001%' ORDER BY id LIMIT 1");
  const r = await api(srv.url, tok.epi, 'POST', '/api/v1/cases', { id_number: idn });
  expectReply(r, 201);
  caseId = r.body.id;
  // a self-report, confirmed: an arrival too (the lists below are not empty)
  Object.assign(tok, await tokens(srv, ['community']));
  const day = new Date(Date.now() + 8 * 3600e3 - 2 * 86400e3).toISOString().slice(0, 10);
  for (const [name, idNumber] of [['王小明', '11010519491231002X'], ['王小红', '110105199001010037']]) {
    const rep = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', {
      community: srv.accounts.community.node, name, id_number: idNumber, phone: '13912345678',
      address: '幸福小区2号楼1单元302', origin_code: '420106', arrival_date: day,
    });
    expectReply(rep, 201);
    if (name === '王小明')
      expectReply(await api(srv.url, tok.community, 'POST', `/api/v1/self-reports/${rep.body.id}/decide`,
        { confirm: true }), 200);
  }
});
after(async () => { await srv.stop(); });

const newest = () => Number(sql(srv.db, 'SELECT max(id) FROM audit'));
const subjectsOf = id => sql(srv.db, `SELECT person_id FROM audit_subject WHERE audit_id = ${id} AND person_id <> 0`)
  .split('\n').filter(Boolean).map(Number);
const idNumberOf = pid => sql(srv.db, `SELECT id_number FROM person WHERE id = ${pid}`);

// The GET routes that return residents' personal data: how to call one,
// and the person ids its reply shows. Every other GET route is listed in
// NO_RESIDENTS with the reason, so a new route must be put in one or the other.
const PERSONAL = {
  '/api/v1/persons': { as: 'town', path: () => '/api/v1/persons?limit=50', ids: b => b.persons.map(p => p.id) },
  '/api/v1/persons/:id/trajectory': { as: 'epi', path: () => '/api/v1/persons/1/trajectory', ids: b => [b.person.id] },
  '/api/v1/cases': { as: 'epi', path: () => '/api/v1/cases', ids: b => b.cases.map(c => c.person_id) },
  '/api/v1/cases/:id': { as: 'epi', path: () => `/api/v1/cases/${caseId}`, ids: b => [b.person_id] },
  '/api/v1/cases/:id/trajectory': { as: 'epi', path: () => `/api/v1/cases/${caseId}/trajectory`, ids: b => [b.case.person_id] },
  '/api/v1/cases/:id/trajectory/export': { as: 'epi', path: () => `/api/v1/cases/${caseId}/trajectory/export`,
    ids: () => [Number(sql(srv.db, `SELECT person_id FROM epi_case WHERE id = ${caseId}`))] },
  '/api/v1/cases/:id/chain': { as: 'epi', path: () => `/api/v1/cases/${caseId}/chain`,
    ids: () => [Number(sql(srv.db, `SELECT person_id FROM epi_case WHERE id = ${caseId}`))] },
  '/api/v1/chains': { as: 'epi', path: () => '/api/v1/chains',
    ids: () => sql(srv.db, 'SELECT person_id FROM epi_case').split('\n').map(Number) },
  '/api/v1/cases/:id/contacts': { as: 'epi', path: () => `/api/v1/cases/${caseId}/contacts`,
    ids: b => [Number(sql(srv.db, `SELECT person_id FROM epi_case WHERE id = ${caseId}`)), ...b.contacts.map(c => c.person_id)] },
  '/api/v1/arrivals': { as: 'town', path: () => '/api/v1/arrivals', n: b => b.arrivals.length,
    ids: b => b.arrivals.map(a => a.person_id).filter(Boolean) },
  // reports name their persons by ID number only (no ledger person yet)
  '/api/v1/self-reports': { as: 'town', path: () => '/api/v1/self-reports', n: b => b.reports.length,
    ids: () => [], keys: 1 },
  '/api/v1/referrals': { as: 'town', path: () => '/api/v1/referrals', ids: b => b.referrals.map(r => r.person_id).filter(Boolean) },
  '/api/v1/persons/:id': { as: 'town', path: () => `/api/v1/persons/${townPerson()}`, ids: b => [b.id] },
  '/api/v1/persons/:id/history': { as: 'town', path: () => `/api/v1/persons/${townPerson()}/history`,
    ids: () => [townPerson()] },
  '/api/v1/households/:id/history': { as: 'town',
    path: () => `/api/v1/households/${sql(srv.db, `SELECT household_id FROM person WHERE id = ${townPerson()}`)}/history`,
    ids: () => sql(srv.db, `SELECT DISTINCT h.person_id FROM ledger_history h JOIN person p ON p.id = ${townPerson()} ` +
      'WHERE h.household_id = p.household_id AND h.person_id IS NOT NULL').split('\n').filter(Boolean).map(Number) },
  '/api/v1/transfers': { as: 'town', path: () => '/api/v1/transfers',
    ids: b => b.transfers.filter(t => t.kind === 'person').map(t => t.record_id) },
};
// a person of the town officer's town
const townPerson = () => Number(sql(srv.db, "SELECT min(id) FROM person WHERE grid LIKE '419001001%'"));
const NO_RESIDENTS = {
  '/healthz': 'health', '/api/v1/healthz': 'health', '/api/v1/me': 'the caller', '/api/v1/roles': 'tables',
  '/api/v1/households/:id': 'a household: its address and member count, no person',
  '/api/v1/meta': 'tables', '/api/v1/nodes/:code': 'the tree', '/api/v1/nodes/:code/children': 'the tree',
  '/api/v1/duties': 'officials on duty (staff, audited by record)', '/api/v1/users': 'staff accounts',
  '/api/v1/audit': 'the log itself', '/api/v1/audit/person': 'the log itself (its subject is named)',
  '/api/v1/ledger/export': 'a whole subtree: audited by node and row count, not person by person (DECISIONS.md)',
  '/api/v1/rounds/current': 'a round', '/api/v1/visits': 'households to visit (addresses, no person)',
  '/api/v1/coverage': 'counts', '/api/v1/venues/types': 'tables', '/api/v1/venues/counts': 'counts',
  '/api/v1/venues': 'venues and their operators (not residents; audited by record)',
  '/api/v1/venues/:id': 'a venue and its operator (audited by record)',
  '/api/v1/venues/:id/qr.png': 'a QR code', '/api/v1/venues/:id/qr.svg': 'a QR code',
  '/api/v1/public/venues/:code': 'public', '/api/v1/public/root': 'public', '/api/v1/public/nodes/:code/children': 'public',
  '/api/v1/checkpoints/stats': 'counts', '/api/v1/checkpoints': 'checkpoints', '/api/v1/checkpoints/:id': 'a checkpoint',
  '/api/v1/checkpoints/:id/qr.png': 'a QR code', '/api/v1/checkpoints/:id/qr.svg': 'a QR code',
  '/api/v1/passes/:code': 'one pass: its holder is named (tested below, needs a pass)',
  '/api/v1/public/checkpoints/:code': 'public', '/api/v1/public/passes/:code': "the holder's own pass",
  '/api/v1/public/passes/:code/qr.svg': 'a QR code',
};

test('every GET route of the route table is classified: residents\' data or not', () => {
  for (const r of routeTable().filter(r => r.method === 'GET'))
    assert.ok(r.pattern in PERSONAL || r.pattern in NO_RESIDENTS, `${r.pattern}: returns personal data or not?`);
});

test('every route that returns personal data names the persons it returned in its audit row', async () => {
  for (const [pattern, c] of Object.entries(PERSONAL)) {
    const mark = newest();
    const r = await api(srv.url, tok[c.as], 'GET', c.path())
      .catch(e => { throw new Error(`${pattern}: ${e.message}\n${srv.log().slice(-3000)}`); });
    assert.equal(r.status, 200, `${pattern}: ${r.status} ${JSON.stringify(r.body)}`);
    const rows = sql(srv.db, `SELECT id FROM audit WHERE id > ${mark} AND success = 1 ORDER BY id DESC`)
      .split('\n').filter(Boolean).map(Number);
    assert.equal(rows.length, 1, `${pattern}: one audit row`);
    const shown = [...new Set(c.ids(r.body))];
    const named = new Set(subjectsOf(rows[0]));
    for (const pid of shown)
      assert.ok(named.has(pid), `${pattern}: person ${pid} shown, not named (named ${[...named]})`);
    const n = Number(sql(srv.db, `SELECT count(*) FROM audit_subject WHERE audit_id = ${rows[0]}`));
    assert.ok(n >= shown.length, `${pattern}: ${n} subjects for ${shown.length} persons`);
    if (c.n) {                 // a list that must not be empty here, and each item named
      assert.ok(c.n(r.body) > 0, `${pattern}: the test made no data for it`);
      assert.ok(n >= c.n(r.body), `${pattern}: ${n} subjects for ${c.n(r.body)} items`);
    }
  }
});

test('a search by ID number is named by the number even when it finds nobody', async () => {
  const mark = newest();
  expectReply(await api(srv.url, tok.town, 'GET', '/api/v1/persons?id_number=11010519491231002X'), 200, { persons: [] });
  const id = newest();
  assert.ok(id > mark);
  assert.equal(sql(srv.db, `SELECT count(*) FROM audit_subject WHERE audit_id = ${id} AND id_key <> 0`), '1');
  // and never the number itself, anywhere in the log
  assert.equal(sql(srv.db, "SELECT count(*) FROM audit WHERE detail LIKE '%11010519491231002X%' OR record LIKE '%11010519491231002X%'"), '0');
  const r = await api(srv.url, tok.auditor, 'GET', '/api/v1/audit/person?id_number=11010519491231002x');
  expectReply(r, 200);
  assert.ok(r.body.entries.some(e => e.id === id && e.username === 'town' && e.action === 'person.list'));
});

test('GET /audit/person and `lianfang audit person` list who saw a person: when, who, where, which route', async () => {
  const r0 = await api(srv.url, tok.town, 'GET', '/api/v1/persons?limit=50');
  const pid = r0.body.persons[3].id, idn = idNumberOf(pid);
  const r = await api(srv.url, tok.auditor, 'GET', `/api/v1/audit/person?id_number=${idn}`);
  expectReply(r, 200);
  const e = r.body.entries[0];
  assert.equal(e.username, 'town');
  assert.equal(e.role, 'town_officer');
  assert.equal(e.addr, '127.0.0.1');
  assert.equal(e.action, 'person.list');
  assert.match(e.at, /\+08:00$/);
  const byId = await api(srv.url, tok.auditor, 'GET', `/api/v1/audit/person?person_id=${pid}`);
  assert.ok(byId.body.entries.some(x => x.id === e.id));
  // separate duties: a grid worker may not ask
  expectReply(await api(srv.url, tok.grid, 'GET', `/api/v1/audit/person?id_number=${idn}`), 403);
  expectReply(await api(srv.url, tok.auditor, 'GET', '/api/v1/audit/person'), 400);
  const { cli } = await import('../lib/server.mjs');
  const out = cli(['audit', 'person', idn, '--db', srv.db]);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /\ttown\ttown_officer\t127\.0\.0\.1\tperson\.list\t/);
  assert.equal(cli(['audit', 'person', '--db', srv.db]).status, 2);
});

test('a 401 with a forged token leaves an audit row with a short hash, never the token', async () => {
  const forged = 'A'.repeat(43);
  const mark = newest();
  const r = await api(srv.url, forged, 'GET', '/api/v1/persons');
  assert.equal(r.status, 401);
  const rows = sql(srv.db, `SELECT action || '|' || record || '|' || addr || '|' || detail FROM audit WHERE id > ${mark}`);
  assert.match(rows, /^auth\.unauthorized\|\/api\/v1\/persons\|127\.0\.0\.1\|token=[0-9a-f]{12}$/);
  assert.equal(sql(srv.db, `SELECT count(*) FROM audit WHERE detail LIKE '%${forged}%'`), '0');
  // no token at all is a page not logged in yet: no row
  const m2 = newest();
  assert.equal((await api(srv.url, null, 'GET', '/api/v1/persons')).status, 401);
  assert.equal(newest(), m2);
});

test('a flood of 401s from one address writes a bounded number of rows', async () => {
  const mark = newest();
  for (let i = 0; i < 40; i++)
    assert.equal((await api(srv.url, 'B'.repeat(42) + (i % 10), 'GET', '/api/v1/me')).status, 401);
  const n = Number(sql(srv.db, `SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'auth.unauthorized'`));
  assert.ok(n >= 1 && n <= 20, `${n} rows for 40 forged requests`);   // 10 a minute (a minute may turn)
});
