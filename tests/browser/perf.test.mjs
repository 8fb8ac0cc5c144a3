// perf.test.mjs - the pages on a cheap phone and a bad line: Chromium at
// 360×740 with the network at 400 ms latency and 400 kbit/s each way and
// the CPU slowed 4× (DevTools Protocol: Network.emulateNetworkConditions,
// Emulation.setCPUThrottlingRate), every page loaded with an empty cache.
// For each page: first paint and first contentful paint, the time until it
// is usable (its first input takes typing and its form can be sent, or the
// app page shows its list), the requests made and the bytes transferred
// until then (Resource Timing: compressed bodies and headers).
//
// Fails when a public page (scan, pass, self-report) is usable after more
// than 1.5 s, needs more than 3 requests or 30 KiB to get there, or when
// the login or an app page passes 3 s (times asserted only on a machine
// not busier than its CPUs, or with LIANFANG_PERF_STRICT=1: see TIMED); a second load of the app (cache
// warm, a new navigation) must transfer under 5 KiB. The figures go to
// build/perf.json (kept by the test run) and to the test's output.
//
//   make build/san/lianfang web &&
//   LIANFANG_BIN=build/san/lianfang node --test tests/browser/perf.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { startServer, login as apiLogin, api, sql } from '../lib/server.mjs';
import { launch, PHONE } from '../lib/browser.mjs';

const PROFILE = { latency_ms: 400, kbit_s: 400, cpu_slowdown: 4, viewport: PHONE };
const PUBLIC_MS = 1500, APP_MS = 3000, PUBLIC_BYTES = 30 * 1024, PUBLIC_REQUESTS = 3;
const SECOND_LOAD_BYTES = 5 * 1024;
const OUT = new URL('../../build/perf.json', import.meta.url).pathname;
// Times are wall-clock: on a machine busy with other work (a load above its
// CPUs) they measure the machine, not the pages, so the time limits are
// then reported and not asserted, unless LIANFANG_PERF_STRICT=1; requests
// and bytes are asserted always.
const LOAD = loadavg()[0] / cpus().length;
const TIMED = process.env.LIANFANG_PERF_STRICT === '1' || LOAD <= 1;
function inTime(ms, limit, what) {
  if (TIMED) assert.ok(ms <= limit, what);
  else if (ms > limit) console.log(`# NOT ASSERTED (load ${LOAD.toFixed(1)} per CPU): ${what}`);
}
const TOWN = '419001001', COMMUNITY = '419001001001';

let srv, browser, password, venue, checkpoint;
const tokens = {};
const figures = { profile: PROFILE, pages: {} };

before(async () => {
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const r = await api(srv.url, admin, 'POST', '/api/v1/users', { username: 'shop', password,
    role: 'venue_operator', node: TOWN, display_name: '店主' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const shop = await apiLogin(srv.url, 'shop', password);
  const v = await api(srv.url, shop, 'POST', '/api/v1/venues', { name: '性能测试超市', type: 'supermarket',
    address: '沁园路88号', node: COMMUNITY, contact_name: '王老板', contact_phone: '13812345678' });
  assert.equal(v.status, 201, JSON.stringify(v.body));
  const town = await apiLogin(srv.url, 'town', password);
  const d = await api(srv.url, town, 'POST', `/api/v1/venues/${v.body.id}/decide`, { decision: 'approve' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  venue = d.body;
  const command = await apiLogin(srv.url, 'command', password);
  const c = await api(srv.url, command, 'POST', '/api/v1/checkpoints',
    { node: TOWN, name: '二广高速济源东出口', road: '二广高速济源东收费站出口', kind: 'highway' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  checkpoint = c.body;
  // a few cases, two of them linked, for the case list and the chain graph
  const cdc = await apiLogin(srv.url, 'cdc', password);
  const ids = sql(srv.db, 'SELECT id FROM person WHERE id_number IS NOT NULL ORDER BY id LIMIT 8')
    .split('\n').map(Number);
  assert.equal(ids.length, 8);
  let first = 0;
  for (const id of ids) {
    const k = await api(srv.url, cdc, 'POST', '/api/v1/cases', { person_id: id, status: 'confirmed',
      onset_date: new Date(Date.now() - 86400e3).toISOString().slice(0, 10),
      ...(first ? { source_case_id: first } : {}) });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    first = first || k.body.id;
  }
  for (const who of ['command', 'grid']) tokens[who] = await apiLogin(srv.url, who, password);
});

after(async () => {
  mkdirSync(new URL('.', `file://${OUT}`).pathname, { recursive: true });
  // the machine's load: the figures are wall-clock times on a shared machine
  figures.machine = { cpus: cpus().length, loadavg_1m_5m_15m: loadavg(), times_asserted: TIMED };
  writeFileSync(OUT, JSON.stringify(figures, null, 2) + '\n');
  console.log(`# figures in ${OUT}; load average ${loadavg().map(x => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  await browser?.close();
  await srv?.stop();
});

// A fresh context (empty cache) under the profile; with a session cookie
// for the app pages.
async function throttled(who) {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (who)
    await context.addCookies([{ name: 'lf_session', value: tokens[who], url: srv.url }]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PROFILE.latency_ms,
    downloadThroughput: PROFILE.kbit_s * 1000 / 8, uploadThroughput: PROFILE.kbit_s * 1000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu_slowdown });
  // bytes on the wire by path (headers and compressed bodies, 304s too)
  const urls = new Map();
  let wire = new Map();
  cdp.on('Network.requestWillBeSent', e => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', e => {
    const path = new URL(urls.get(e.requestId) || 'about:blank').pathname;
    wire.set(path, (wire.get(path) || 0) + e.encodedDataLength);
  });
  return { context, page, errors, wire: () => wire, resetWire: () => { wire = new Map(); } };
}

// Load url and wait until usable (a JS expression, true once the page can
// be used); returns the figures.
async function load(page, url, usable) {
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  const usableMs = await (await page.waitForFunction(`(${usable}) && performance.now()`, null,
    { polling: 'raf', timeout: 60_000 })).jsonValue();
  // a page can be usable (focus in its field) a frame before it first paints
  await page.waitForFunction(() => performance.getEntriesByType('paint').length >= 2, null,
    { timeout: 10_000 }).catch(() => {});
  return page.evaluate(at => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
    const before = performance.getEntriesByType('resource').filter(e => e.startTime <= at);
    return {
      first_paint_ms: Math.round(paint['first-paint'] ?? NaN),
      first_contentful_paint_ms: Math.round(paint['first-contentful-paint'] ?? NaN),
      usable_ms: Math.round(at),
      requests_before_usable: 1 + before.length,
      bytes_before_usable: nav.transferSize + before.reduce((s, e) => s + e.transferSize, 0),
      response_end_ms: Math.round(nav.responseEnd),
      dom_interactive_ms: Math.round(nav.domInteractive),
      // what was fetched before: path, bytes, start and end (ms)
      resources: before.map(e => `${new URL(e.name).pathname} ${e.transferSize} B ` +
        `${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`),
    };
  }, usableMs);
}

function report(name, f) {
  figures.pages[name] = f;
  console.log(`# ${name}: first paint ${f.first_paint_ms} ms, usable ${f.usable_ms} ms, ` +
    `${f.requests_before_usable} requests, ${(f.bytes_before_usable / 1024).toFixed(1)} KiB` +
    (f.second_load_bytes !== undefined ? `, second load ${f.second_load_bytes} B + ${f.second_load_bytes_page_data} B of the page's list` : ''));
}

const PUBLIC = [
  ['scan', () => `/scan.html?v=${venue.code}`,
    "!document.getElementById('scan-form').hidden && document.activeElement !== null"],
  ['pass', () => `/pass.html?c=${checkpoint.code}`, "!document.getElementById('pass-form').hidden"],
  ['self-report', () => '/report.html',
    "document.querySelector('#report-form select[name=town]').options.length > 1"],
];

for (const [name, path, usable] of PUBLIC) {
  test(`public page ${name}: usable within ${PUBLIC_MS} ms, ${PUBLIC_REQUESTS} requests, 30 KiB`, async () => {
    const t = await throttled(null);
    const f = await load(t.page, srv.url + path(), usable);
    report(name, f);
    await t.context.close();
    assert.deepEqual(t.errors, []);
    inTime(f.usable_ms, PUBLIC_MS, `${name}: usable after ${f.usable_ms} ms`);
    assert.ok(f.requests_before_usable <= PUBLIC_REQUESTS,
      `${name}: ${f.requests_before_usable} requests: ${f.resources.join(', ')}`);
    assert.ok(f.bytes_before_usable <= PUBLIC_BYTES, `${name}: ${f.bytes_before_usable} bytes`);
  });
}

test(`login: usable within ${APP_MS} ms`, async () => {
  const t = await throttled(null);
  const f = await load(t.page, srv.url + '/',
    "document.activeElement && document.activeElement.id === 'username'");
  report('login', f);
  await t.context.close();
  assert.deepEqual(t.errors, []);
  inTime(f.usable_ms, APP_MS, `login: usable after ${f.usable_ms} ms`);
});

// The app's heaviest pages: the case list, the chain page (its list; the
// graph's chart library comes after and is reported apart, chart_drawn_ms),
// the persons of a grid as its grid worker sees them. The second load is
// the app (its page, scripts, styles, /me, the tables, the header's node)
// without the data the page itself asks for (its list, the towns of its
// filter), reported apart (second_load_bytes_page_data).
const APP = [
  ['app 病例管理', 'command', '/app.html#/cases', "document.querySelector('main .view[data-module=cases] table tbody tr, main .view[data-module=cases] .case-row, main .view[data-module=cases] li')", /^\/api\/v1\/(cases|nodes\/\d+\/children)$/],
  ['app 传播链', 'command', '/app.html#/cases/chains', "document.querySelector('.chain li')", /^\/api\/v1\/chains$/],
  ['app 人员台账', 'grid', '/app.html#/persons', "document.querySelector('main .view[data-module=persons] form.search-form button[type=submit]')", /^$/],
];

for (const [name, who, path, usable, data] of APP) {
  test(`${name}: usable within ${APP_MS} ms; a second load transfers under 5 KiB`, async () => {
    const t = await throttled(who);
    const f = await load(t.page, srv.url + path, usable);
    if (path.endsWith('chains')) {
      await t.page.locator('#chain-graph canvas').waitFor({ timeout: 90_000 });
      f.chart_drawn_ms = Math.round(await t.page.evaluate(() => performance.now()));
    }
    await t.page.waitForLoadState('networkidle');
    // the second load: a new navigation with the cache as the first left it
    await t.page.goto('about:blank');
    t.resetWire();
    const again = await load(t.page, srv.url + path, usable);
    await t.page.waitForLoadState('networkidle');
    f.second_load_usable_ms = again.usable_ms;
    f.second_load_by_path = Object.fromEntries(t.wire());
    const sum = re => [...t.wire()].filter(([p]) => p.startsWith('/') && re.test(p)).reduce((n, [, b]) => n + b, 0);
    f.second_load_bytes_total = sum(/./);
    f.second_load_bytes_page_data = sum(data);
    f.second_load_bytes = f.second_load_bytes_total - f.second_load_bytes_page_data;
    report(name, f);
    await t.context.close();
    assert.deepEqual(t.errors, []);
    inTime(f.usable_ms, APP_MS, `${name}: usable after ${f.usable_ms} ms`);
    assert.ok(f.second_load_bytes < SECOND_LOAD_BYTES, `${name}: second load ${f.second_load_bytes} bytes`);
  });
}
