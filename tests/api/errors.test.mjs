// errors.test.mjs - one refusal per module, asserted by its stable key
// (docs/API.md, "Errors"; the keys live in src/core/err_table.h): the key,
// the code and field as before, the Chinese message with its arguments
// filled in, and `error` = the field's Chinese label + the message.
// helpers.mjs checks the shape of every error reply of every API test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { tokens, expectReply, runCase } from './helpers.mjs';

const COMMUNITY = '419001001001';
const GRID = '419001001001001';

// A resident ID number: 17 digits and the GB 11643 check character.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}
const GOOD_ID = idNumber('41900119900315201');
const BAD_ID = GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '5' ? '6' : '5');
const day = n => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

let srv, tok, household, checkpoint;

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'town', 'grid']);
  const epi = await api(srv.url, tok.admin, 'POST', '/api/v1/users', {
    username: 'epi', display_name: '流调一组', role: 'epidemiologist', node: '419001',
    password: srv.password,
  });
  assert.equal(epi.status, 201, JSON.stringify(epi.body));
  Object.assign(tok, await tokens(srv, ['epi']));
  const h = await api(srv.url, tok.grid, 'POST', '/api/v1/households',
    { grid: GRID, address: '错误键测试路1号' });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  household = h.body.id;
  const cp = await api(srv.url, tok.command, 'POST', '/api/v1/checkpoints',
    { node: '419001001', name: '错误键卡点', kind: 'road' });
  assert.equal(cp.status, 201, JSON.stringify(cp.body));
  checkpoint = cp.body.code;
});
after(async () => { await srv?.stop(); });

// module, request, then the reply: status, key, field and the message
const cases = [
  { module: 'auth', method: 'POST', path: '/api/v1/login',
    body: { username: 'admin', password: 'not-the-password' },
    status: 401, key: 'auth.bad_credentials', code: 'unauthorized', message: '用户名或密码错误' },
  { module: 'auth', path: '/api/v1/me',
    status: 401, key: 'auth.login_required', code: 'unauthorized', message: '请先登录' },
  { module: 'auth (rights)', as: 'command', method: 'POST', path: '/api/v1/cases',
    body: { id_number: GOOD_ID },
    status: 403, key: 'scope.role', code: 'forbidden', message: '您的角色（指挥部人员）无权执行此操作' },
  { module: 'tree', as: 'admin', method: 'POST', path: '/api/v1/nodes',
    body: { kind: 'grid', name: '错误键网格', parent: '419001001' },
    status: 400, key: 'node.wrong_parent', field: 'parent',
    message: '网格应隶属于村社区，而不是乡镇街道', error: '上级编码：网格应隶属于村社区，而不是乡镇街道' },
  { module: 'users', as: 'admin', method: 'POST', path: '/api/v1/users',
    body: { username: 'newbie', display_name: '新人', role: 'wizard', node: '419001',
      password: 'newbie-password-1' },
    status: 400, key: 'user.role_unknown', field: 'role', message: '不是已知的角色',
    error: '角色：不是已知的角色' },
  { module: 'ledger', as: 'grid', method: 'POST', path: '/api/v1/persons',
    body: () => ({ household_id: household, name: '错误键测试人', id_number: BAD_ID }),
    status: 400, key: 'id_number.check_digit', field: 'id_number',
    message: `校验位不符（按前 17 位应为 ${GOOD_ID[17]}），请核对号码是否抄错` },
  { module: 'ledger', as: 'town', method: 'POST', path: '/api/v1/households',
    body: { grid: COMMUNITY, address: '错误键测试路2号' },
    status: 400, key: 'ledger.grid_kind', field: 'grid', message: '须为网格，而不是村社区' },
  { module: 'screening', as: 'grid', method: 'POST', path: '/api/v1/visits',
    body: () => ({ household_id: household, outcome: 'visited' }),
    status: 409, key: 'round.none_open', code: 'conflict', field: 'round',
    message: '当前没有进行中的排查轮次，请联系乡镇街道或指挥部开启' },
  { module: 'screening', as: 'grid', method: 'POST', path: '/api/v1/visits',
    body: () => ({ household_id: household, outcome: 'asleep' }),
    status: 400, key: 'round.outcome', field: 'outcome' },
  { module: 'self-reports', method: 'POST', path: '/api/v1/public/self-reports',
    body: { community: COMMUNITY, name: '错误键报备人', id_number: GOOD_ID, phone: '13912340001',
      address: '错误键测试路3号', origin_name: '湖北省武汉市', arrival_date: day(70) },
    status: 400, key: 'arrival.too_old', field: 'arrival_date', message: '已超过 60 天',
    error: '到达日期：已超过 60 天' },
  { module: 'self-reports', as: 'town', method: 'POST', path: '/api/v1/self-reports/999999/decide',
    body: { confirm: 'yes' },
    status: 400, key: 'json.boolean', field: 'confirm' },
  { module: 'venue', as: 'town', method: 'POST', path: '/api/v1/venues/1/decide',
    body: { decision: 'maybe' },
    status: 400, key: 'venue.decision', field: 'decision', message: '须为“通过”或“驳回”' },
  { module: 'scan', method: 'POST', path: '/api/v1/public/scans',
    body: { venue: 'NOSUCHVENUE00000', name: '扫码人', id_number: GOOD_ID, phone: '13912340002' },
    status: 404, key: 'venue.code_not_found', field: 'venue', message: '没有该场所码' },
  { module: 'checkpoint', method: 'POST', path: '/api/v1/public/passes',
    body: { checkpoint: 'x!', name: '司机', id_number: GOOD_ID, phone: '13912340003',
      origin_name: '湖北省武汉市' },
    status: 400, key: 'checkpoint.code', field: 'checkpoint', message: /^须为 \d+ 位字母和数字组成的编码$/ },
  { module: 'pass', method: 'POST', path: '/api/v1/public/passes',
    body: () => ({ checkpoint, name: '司机', id_number: GOOD_ID, phone: '13912340003',
      plate: 'AB12345', origin_name: '湖北省武汉市' }),
    status: 400, key: 'plate.province', field: 'plate', message: '须以省份简称开头，如 京 或 粤',
    error: '车牌号：须以省份简称开头，如 京 或 粤' },
  { module: 'pass', as: 'admin', method: 'POST', path: '/api/v1/passes/AAAAAAAAAAAAAAAA/checks',
    body: { temperature: 36.5, outcome: 'passed', id_confirmed: true, checkpoint_id: 1 },
    status: 403, key: 'scope.role', code: 'forbidden', message: '您的角色（系统管理员）无权执行此操作' },
  { module: 'case', as: 'epi', method: 'POST', path: '/api/v1/cases',
    body: { id_number: '11010519491231002X' },
    status: 404, key: 'case.no_person', code: 'not_found', field: 'id_number',
    message: '台账中没有该身份证号的人员，请先登记' },
  { module: 'case', as: 'epi', method: 'POST', path: '/api/v1/cases',
    body: { id_number: GOOD_ID, status: 'discharged' },
    status: 400, key: 'case.status_new', field: 'status' },
  { module: 'contact', as: 'epi', method: 'POST', path: '/api/v1/contacts/999999/decide',
    body: { confirm: true },
    status: 404, key: 'contact.not_found', code: 'not_found', field: 'id', message: '没有该密接记录' },
  { module: 'http', as: 'admin', path: '/api/v1/no-such-thing',
    status: 404, key: 'http.no_endpoint', field: 'path', message: '没有该接口' },
  { module: 'http', as: 'admin', method: 'POST', path: '/api/v1/nodes', body: '{"kind":',
    headers: { 'content-type': 'application/json' },
    status: 400, key: 'json.syntax', field: 'body', message: /^不是有效的 JSON（.+，位置 \d+）$/ },
];

for (const c of cases) {
  test(`${c.module}: ${c.method || 'GET'} ${c.path} → ${c.key}`, async () => {
    const token = c.as ? tok[c.as] : null;
    const body = typeof c.body === 'function' ? c.body() : c.body;
    const r = await api(srv.url, token, c.method || 'GET', c.path, body, c.headers);
    expectReply(r, c.status, {
      key: c.key,
      ...(c.code ? { code: c.code } : {}),
      ...(c.field !== undefined ? { field: c.field } : {}),
      ...(c.message ? { message: c.message } : {}),
      ...(c.error ? { error: c.error } : {}),
    });
    if (c.field && typeof c.message === 'string')
      assert.ok(r.body.error.endsWith('：' + c.message), r.body.error);
  });
}

test('keys are the same whatever the wording: a reason passed on keeps its key', async () => {
  // the store's "does not exist", passed on by the core through "%s"
  await runCase(srv, tok, { as: 'grid', method: 'POST', path: '/api/v1/persons',
    body: { household_id: 99999999, name: '无户之人', id_number: GOOD_ID },
    status: 404, json: { key: 'record.not_found', field: 'household_id', message: '不存在',
      error: '住户编号：不存在' } });
});

test('a rejected import names each bad row with its key and message', async () => {
  const csv = '\uFEFF网格编码,地址,姓名,身份证号,性别,出生日期,手机号,与户主关系\r\n' +
    `${GRID},错误键导入路1号,导入甲,${BAD_ID},男,1990-03-15,13912340004,户主\r\n`;
  const r = await api(srv.url, tok.grid, 'POST', '/api/v1/ledger/import', csv,
    { 'content-type': 'text/csv; charset=utf-8' });
  const message = `校验位不符（按前 17 位应为 ${GOOD_ID[17]}），请核对号码是否抄错`;
  expectReply(r, 400, { key: 'id_number.check_digit', field: 'line 2.id_number', message,
    error: '第 2 行 身份证号：' + message, bad_rows: 1,
    errors: [{ line: 2, field: 'id_number', key: 'id_number.check_digit', message,
      error: '第 2 行 身份证号：' + message, detail: /^line 2\.id_number: check digit does not match/ }] });
});
