// Venue scans against a real server: a person scans a venue's code on the
// public page; a batch from another system lands all or nothing and, sent
// twice, adds nothing; the scan appears in the person's trajectory (for an
// epidemiologist, masked, audited; not for a grid worker); purge removes
// old scans and nothing newer. Venues are put in the database directly
// until applying for them has its own API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, cli, sql as sqlOn } from '../lib/server.mjs';
import { tokens, expectReply, err } from './helpers.mjs';

let srv, tok;
const iso = msAgo => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const DAY = 86400e3;

function sql(q) {
  return sqlOn(srv.db, q);
}

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'grid']);
  // an epidemiologist at the city, made through the users API
  const made = await api(srv.url, tok.admin, 'POST', '/api/v1/users', {
    username: 'epi', display_name: '流调一组', role: 'epidemiologist', node: '419001',
    password: srv.password,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  Object.assign(tok, await tokens(srv, ['epi']));
  sql("INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc) VALUES " +
      "(1, '419001001', '好又多超市', 1, '建设路1号', '张三', '13800138000', 1, 'K7Q2M9ZX', 0), " +
      "(2, '419001001', '待审饭店', 2, '建设路2号', '张三', '13800138000', 0, NULL, 0)");
});
after(async () => { await srv?.stop(); });

const batch = (scans, who = 'admin') => api(srv.url, tok[who], 'POST', '/api/v1/scans/batch', { scans });

test('the public scan records the person at the venue now; bad input names the field', async () => {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/scans',
    { venue: 'K7Q2M9ZX', name: '李四', id_number: '130503670401001', phone: '13912345678' });
  expectReply(r, 201, { venue_id: 1 });
  assert.ok(Math.abs(Date.parse(r.body.at) - Date.now()) < 60e3);
  const before = sql('SELECT count(*) FROM scan');
  for (const [body, field] of [
    [{ venue: 'NOPE', name: '李四', id_number: '130503670401001' }, 'venue'],
    [{ venue: 'K7Q2M9ZX', name: '', id_number: '130503670401001' }, 'name'],
    [{ venue: 'K7Q2M9ZX', name: '李四', id_number: '130503671301001' }, 'id_number'],
    [{ venue: 'K7Q2M9ZX', name: '李四', id_number: '130503196704010016', phone: '12' }, 'phone'],
  ]) {
    const b = await api(srv.url, null, 'POST', '/api/v1/public/scans', body);
    assert.ok(b.status === 400 || b.status === 404, JSON.stringify(b.body));
    assert.equal(b.body.field, field);
  }
  assert.equal(sql('SELECT count(*) FROM scan'), before);
});

test('a batch lands all or nothing, names the bad item, and is idempotent', async () => {
  const id = sql('SELECT id_number FROM person WHERE household_id IS NOT NULL ORDER BY id LIMIT 1');
  const good = [
    { venue: 1, id_number: id, at: iso(2 * 3600e3) },
    { venue: 1, id_number: '11010519491231002X', name: '访客', at: iso(3600e3) },
  ];
  const before = sql('SELECT count(*) FROM scan');
  for (const [scans, field] of [
    [[...good, { venue: 2, id_number: id, at: iso(0) }], 'scans[2].venue'],
    [[...good, { venue: 99, id_number: id, at: iso(0) }], 'scans[2].venue'],
    [[good[0], { ...good[1], at: iso(-DAY) }], 'scans[1].at'],
    [[good[0], { ...good[1], at: iso(40 * DAY) }], 'scans[1].at'],
    [[good[0], { ...good[1], id_number: '123' }], 'scans[1].id_number'],
    [[good[0], { ...good[1], venue: '1' }], 'scans[1].venue'],
    [[], 'scans'],
  ]) {
    const r = await batch(scans);
    expectReply(r, 400, err('invalid', field));
  }
  expectReply(await batch(good, 'command'), 403);
  assert.equal(sql('SELECT count(*) FROM scan'), before);
  expectReply(await batch(good), 200, { added: 2, duplicates: 0, new_persons: 1 });
  expectReply(await batch(good), 200, { added: 0, duplicates: 2, new_persons: 0 });
  assert.equal(Number(sql('SELECT count(*) FROM scan')), Number(before) + 2);
});

test('a batch reads the same however its JSON is written (plain and general readers)', async () => {
  const ids = sql('SELECT id_number FROM person WHERE household_id IS NOT NULL ORDER BY id LIMIT 4 OFFSET 3').split('\n');
  const at = iso(7 * 3600e3);
  const esc = s => [...s].map(ch => '\\u00' + ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  const raw = body => api(srv.url, tok.admin, 'POST', '/api/v1/scans/batch', body);
  // escapes, null, pretty printing: the same scans
  const r = await raw(`{ "scans" : [\n  {"at":"${at}", "venue": 1, "id_number": "${esc(ids[0])}"},\n` +
    `  {"venue":1,"id_number":"${ids[1]}","at":"${at}"},\n` +
    `  {"venue":1,"id_number":"${ids[2]}","at":"${at}","name":null,"phone":""}\t]\r\n}\n`);
  expectReply(r, 200, { added: 3, duplicates: 0, new_persons: 0 });
  // the plain reader with a name in Chinese (UTF-8) for a new person
  expectReply(await raw(`{"scans":[{"venue":1,"id_number":"110105199001010037","at":"${at}","name":"访客二"}]}`),
    200, { added: 1, new_persons: 1 });
  assert.equal(sql("SELECT name FROM person WHERE id_number = '110105199001010037'"), '访客二');
  expectReply(await raw(`{"scans":[{"venue":1,"id_number":"${ids[0]}","at":"${at}"}]}`), 200,
    { added: 0, duplicates: 1 });
  for (const [body, field] of [
    [`{"scans":[{"venue":1,"venue":1,"id_number":"${ids[3]}","at":"${at}"}]}`, 'body'],
    [`{"scans":[{"venue":1.0,"id_number":"${ids[3]}","at":"${at}"}]}`, 'scans[0].venue'],
    [`{"scans":[{"venue":01,"id_number":"${ids[3]}","at":"${at}"}]}`, 'body'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}"}]}`, 'scans[0].at'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}"},]}`, 'body'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}"}]} x`, 'body'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}","name":"\\u0000"}]}`, 'body'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}","phone":"${'1'.repeat(33)}"}]}`, 'scans[0].phone'],
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}"}],"scans":[]}`, 'body'],
    // a member the scan does not have is refused, not ignored (issue 13)
    [`{"scans":[{"venue":1,"id_number":"${ids[3]}","at":"${at}","note":{"x":[1]}}]}`, 'scans[0].note'],
  ]) {
    expectReply(await raw(body), 400, err('invalid', field), body);
  }
  assert.equal(sql(`SELECT count(*) FROM scan s JOIN person p ON p.id = s.person_id WHERE p.id_number = '${ids[3]}'`), '0');
});

test('the trajectory shows the scan, masked and audited; a grid worker may not read it', async () => {
  const pid = sql("SELECT id FROM person WHERE id_number = '11010519491231002X'");
  const r = await api(srv.url, tok.epi, 'GET', `/api/v1/persons/${pid}/trajectory`);
  expectReply(r, 200);
  assert.equal(r.body.person.id_number, '1101**********002X');
  assert.deepEqual(r.body.stops.map(s => [s.venue, s.kind]), [['好又多超市', 'scan']]);
  expectReply(await api(srv.url, tok.grid, 'GET', `/api/v1/persons/${pid}/trajectory`), 403);
  expectReply(await api(srv.url, tok.epi, 'GET', '/api/v1/persons/999999/trajectory'), 404);
  expectReply(await api(srv.url, tok.epi, 'GET', `/api/v1/persons/${pid}/trajectory?from=x`), 400,
    err('invalid', 'from'));
  const audit = await api(srv.url, tok.admin, 'GET', '/api/v1/audit?action=trajectory.read');
  assert.ok(audit.body.entries.some(e => e.username === 'epi' && e.record === 'person:' + pid));
});

test('a visitor known only from a scan is found in the ledger by the top of the tree only', async () => {
  const pid = +sql("SELECT id FROM person WHERE id_number = '11010519491231002X'");
  assert.equal(sql(`SELECT grid || '|' || coalesce(CAST(household_id AS text), 'none') FROM person WHERE id = ${pid}`), '|none');
  const r = await api(srv.url, tok.epi, 'GET', '/api/v1/persons?id_number=11010519491231002X');
  expectReply(r, 200);
  assert.deepEqual(r.body.persons.map(p => [p.id, p.grid, p.id_number]),
    [[pid, '', '1101**********002X']]);
  // a grid worker's ledger does not hold them
  const g = await api(srv.url, tok.grid, 'GET', '/api/v1/persons?id_number=11010519491231002X');
  expectReply(g, 200);
  assert.equal(g.body.persons.length, 0);
  // nor does the city's list below its top (a street's subtree)
  const s = await api(srv.url, tok.epi, 'GET', '/api/v1/persons?node=419001001&id_number=11010519491231002X');
  expectReply(s, 200);
  assert.equal(s.body.persons.length, 0);
});

test('purge removes scans older than the days given and nothing newer; the CLI too', async () => {
  const id = sql('SELECT id_number FROM person WHERE household_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1');
  expectReply(await batch([{ venue: 1, id_number: id, at: iso(20 * DAY) }]), 200, { added: 1 });
  const total = Number(sql('SELECT count(*) FROM scan'));
  expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/scans/purge', { days: 0 }), 400,
    err('invalid', 'days'));
  expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/scans/purge', { days: 14 }), 200,
    { deleted: 1 });
  assert.equal(Number(sql('SELECT count(*) FROM scan')), total - 1);
  const out = cli(['purge', 'scans', '--db', srv.db, '--days', '1']);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /purged 0 scans older than 1 days/);
  assert.equal(Number(sql('SELECT count(*) FROM scan')), total - 1);
});

test('lianfang import scans: all rows or none, naming the line and field', async () => {
  const { writeFileSync } = await import('node:fs');
  const id = sql('SELECT id_number FROM person WHERE household_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 2');
  const file = srv.dir + '/scans.csv';
  const before = sql('SELECT count(*) FROM scan');
  writeFileSync(file, `\ufeffvenue_id,id_number,at\n1,${id},${iso(5 * 3600e3)}\n1,${id},bad\n`);
  let r = cli(['import', 'scans', file, '--db', srv.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /scans\.csv:3: at: /);
  assert.equal(sql('SELECT count(*) FROM scan'), before);
  writeFileSync(file, `venue_id,id_number,at\n1,${id},${iso(5 * 3600e3)}\n`);
  r = cli(['import', 'scans', file, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 1 scans/);
});
