// demo_move.test.mjs - the demo city moves (synth_move.h): its venues are
// listed as approved with their codes, a venue's QR image decodes (zbarimg)
// to its scan URL, and a person's trajectory shows the generated scans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, sql } from '../lib/server.mjs';
import { tokens, expectReply } from './helpers.mjs';

let srv, tok;

before(async () => {
  srv = await startServer({ demoArgs: ['--days', '3'] });
  tok = await tokens(srv, ['admin', 'command']);
  const r = await api(srv.url, tok.admin, 'POST', '/api/v1/users', { username: 'epi',
    password: srv.password, role: 'epidemiologist', node: '419001', display_name: '流调员' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  tok.epi = await login(srv.url, 'epi', srv.password);
});
after(async () => { await srv?.stop(); });

test('the demo venues are approved, with codes, of many types', async () => {
  const r = await api(srv.url, tok.command, 'GET', '/api/v1/venues?node=419001&status=approved');
  expectReply(r, 200);
  const v = r.body.venues;
  assert.ok(v.length >= 50, `${v.length} venues listed`);
  assert.ok(v.every(x => x.status === 'approved' && /^[0-9a-hjkmnp-tv-z]{16}$/.test(x.code)));
  assert.ok(new Set(v.map(x => x.type)).size >= 8, 'several types');
  assert.ok(v.every(x => x.name && x.address && x.node.startsWith('419001')));
});

test('a demo venue QR decodes to its scan URL', async () => {
  const r = await api(srv.url, tok.command, 'GET', '/api/v1/venues?node=419001&status=approved');
  const { id, code } = r.body.venues[0];
  const img = await fetch(`${srv.url}/api/v1/venues/${id}/qr.png`,
    { headers: { authorization: 'Bearer ' + tok.command } });
  assert.equal(img.status, 200);
  const f = join(srv.dir, 'demo-qr.png');
  writeFileSync(f, Buffer.from(await img.arrayBuffer()));
  const text = execFileSync('zbarimg', ['--quiet', '--raw', f],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(text, `${srv.url}/scan.html?v=${code}`);
});

test('a demo person has a trajectory of generated scans', async () => {
  const pid = sql(srv.db, 'SELECT person_id FROM scan GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1');
  assert.match(pid, /^\d+$/);
  const r = await api(srv.url, tok.epi, 'GET', `/api/v1/persons/${pid}/trajectory`);
  expectReply(r, 200);
  const stops = r.body.stops;
  assert.ok(Array.isArray(stops) && stops.length >= 3, JSON.stringify(r.body).slice(0, 300));
});
