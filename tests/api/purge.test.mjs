// purge.test.mjs - `lianfang purge KIND|all` (issue 14, retention): each
// kind deletes what is past its period (docs/RETENTION.md) and keeps what
// is not, follows the foreign keys (a check a referral still needs stays),
// is audited with its count; the audit log keeps its last 183 days
// whatever --days says; bad kinds and periods change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, cli } from '../lib/server.mjs';

let srv;
const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const today = () => Math.floor((Date.now() + 8 * 3600e3) / 86400e3);
const n = q => Number(sql(srv.db, q));

before(async () => {
  srv = await startServer();
  const t = now(), d = today();
  const old = 400, fresh = 2;
  const q = [
    // arrivals and self-reports: by the day of arrival (180 days)
    `INSERT INTO arrival(id, grid, name, id_number, phone, origin_name, arrival_days, created_utc) VALUES
      (900001, '419001001001', '旧来返', '1', '1', 'x', ${d - old}, ${t - old * DAY}),
      (900002, '419001001001', '新来返', '2', '2', 'x', ${d - fresh}, ${t})`,
    `INSERT INTO self_report(id, community, name, id_number, phone, address, origin_name, arrival_days, created_utc) VALUES
      (900001, '419001001001', '旧报备', '1', '1', 'a', 'x', ${d - old}, ${t - old * DAY}),
      (900002, '419001001001', '新报备', '2', '2', 'a', 'x', ${d - fresh}, ${t})`,
    // passes (30 days) with a check a closed referral still points at
    `INSERT INTO checkpoint(id, node, name, kind, code, created_utc) VALUES
      (900001, '419001001', '清理测试卡点', 'road', 'PURGETEST0001', ${t - old * DAY})`,
    `INSERT INTO pass(id, code, day, checkpoint_id, name, id_number, phone, origin_name, created_utc) VALUES
      (900001, 'PURGEPASS1', ${d - old}, 900001, '旧通行', '1', '1', 'x', ${t - old * DAY}),
      (900002, 'PURGEPASS2', ${d - old}, 900001, '旧通行转诊', '2', '2', 'x', ${t - old * DAY}),
      (900003, 'PURGEPASS3', ${d - fresh}, 900001, '新通行', '3', '3', 'x', ${t})`,
    `INSERT INTO pass_check(id, pass_id, checkpoint_id, staff_id, at_utc, day, temp_tenths, id_confirmed, outcome, fever) VALUES
      (900001, 900001, 900001, 0, ${t - old * DAY}, ${d - old}, 365, 1, 1, 0),
      (900002, 900002, 900001, 0, ${t - old * DAY}, ${d - old}, 385, 1, 2, 1),
      (900003, 900003, 900001, 0, ${t}, ${d - fresh}, 365, 1, 1, 0)`,
    `INSERT INTO referral(id, check_id, community, name, id_number, phone, temp_tenths, status, handled_utc, created_utc) VALUES
      (900001, 900002, '419001001001', '转诊', '2', '2', 385, 2, ${t - 100 * DAY}, ${t - old * DAY})`,
    // sessions (a day after last seen) and the audit log (183 days)
    `INSERT INTO audit(id, at_utc, action, success) VALUES
      (900001, ${t - 200 * DAY}, 'person.list', 1), (900002, ${t - 150 * DAY}, 'person.list', 1)`,
  ];
  for (const s of q) sql(srv.db, s);
});
after(async () => { await srv.stop(); });

const purge = (...args) => cli(['purge', ...args, '--db', srv.db]);

test('arrivals: the old arrival and self-report go, the recent stay', () => {
  const r = purge('arrivals');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /purged 2 arrivals older than 180 days/);
  assert.equal(n('SELECT count(*) FROM arrival WHERE id IN (900001, 900002)'), 1);
  assert.equal(n('SELECT count(*) FROM self_report WHERE id IN (900001, 900002)'), 1);
  assert.equal(n("SELECT count(*) FROM audit WHERE action = 'retention.purge' AND detail LIKE 'arrivals days=180 deleted=2%'"), 1);
});

test('passes: old passes and checks go, except the check a referral needs', () => {
  const r = purge('passes');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(sql(srv.db, 'SELECT id FROM pass WHERE id >= 900001 ORDER BY id').split('\n'), ['900002', '900003']);
  assert.deepEqual(sql(srv.db, 'SELECT id FROM pass_check WHERE id >= 900001 ORDER BY id').split('\n'), ['900002', '900003']);
  // the referral closed 100 days ago is kept (180 days); with 90 it goes,
  // and then its check and pass the next time
  assert.equal(purge('referrals').status, 0);
  assert.equal(n('SELECT count(*) FROM referral WHERE id = 900001'), 1);
  const r2 = purge('referrals', '--days', '90');
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(n('SELECT count(*) FROM referral WHERE id = 900001'), 0);
  assert.equal(purge('passes').status, 0);
  assert.equal(n('SELECT count(*) FROM pass WHERE id = 900002'), 0);
});

test('the audit log keeps 183 days whatever is asked', () => {
  const r = purge('audit', '--days', '30');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /183/);
  assert.equal(n('SELECT count(*) FROM audit WHERE id IN (900001, 900002)'), 2);
  assert.equal(purge('audit').status, 0);
  assert.equal(n('SELECT count(*) FROM audit WHERE id = 900001'), 0, 'the row of 200 days is gone');
  assert.equal(n('SELECT count(*) FROM audit WHERE id = 900002'), 1, 'the row of 150 days stays');
});

test('all: every kind, one line each', () => {
  const r = purge('all');
  assert.equal(r.status, 0, r.stderr);
  for (const k of ['scans', 'passes', 'referrals', 'arrivals', 'venues', 'cases', 'sessions', 'audit'])
    assert.match(r.stdout, new RegExp(`purged \\d+ ${k} older than \\d+ days`));
});

test('bad kinds and periods: usage, nothing deleted', () => {
  const before = n('SELECT count(*) FROM arrival');
  assert.equal(purge('persons').status, 2);
  assert.equal(purge('arrivals', '--days', 'x').status, 1);
  assert.equal(purge('arrivals', '--days', '3').status, 1);
  assert.equal(purge('all', '--days', '200').status, 2);
  assert.equal(n('SELECT count(*) FROM arrival'), before);
});
