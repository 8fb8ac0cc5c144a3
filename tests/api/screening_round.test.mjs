// screening_round.test.mjs - screening rounds from the grid's side (issue
// 14): a community officer opens a round for their community (and no
// higher), the grid worker's page then finds it in force; the grid worker
// opens none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { expectReply, err, tokens, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const COMMUNITY = '419001001001';
const GRID = '419001001001001';
let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'community', 'grid']);
});
after(async () => { await srv.stop(); });
const call = (who, method, path, body) => api(srv.url, tok[who], method, '/api/v1' + path, body);

test('the community officer opens one for their community, audited; the grid sees it', async () => {
  expectReply(await call('grid', 'GET', '/rounds/current'), 404, err('not_found', 'round'));
  expectReply(await call('grid', 'POST', '/rounds', { node: COMMUNITY }), 403, err('forbidden'));
  expectReply(await call('community', 'POST', '/rounds', { node: TOWN }), 403, err('forbidden', 'node'));
  const mark = await auditMark(srv, tok.admin);
  const r = await call('community', 'POST', '/rounds', { node: COMMUNITY });
  expectReply(r, 201, { node: COMMUNITY, number: 1, name: '第1轮排查', open: true });
  expectReply(await call('grid', 'GET', '/rounds/current'), 200, { id: r.body.id, node: COMMUNITY });
  const todo = await call('grid', 'GET', `/visits?grid=${GRID}&todo=1`);
  expectReply(todo, 200);
  assert.equal(todo.body.round.id, r.body.id);
  expectReply(await call('community', 'POST', '/rounds', { node: COMMUNITY }), 409, err('conflict', 'node'));
  assert.equal((await auditSince(srv, tok.admin, mark, 'round.open')).filter(x => x.success).length, 1);
  // and closes it
  const c = await call('community', 'POST', `/rounds/${r.body.id}/close`);
  assert.equal(c.status, 204);
});
