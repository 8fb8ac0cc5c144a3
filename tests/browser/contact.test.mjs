// contact.test.mjs - a case with 1,500 proposed contacts on a slow phone:
// Chromium at 360 px with the CPU slowed 4x (DevTools Protocol) opens the
// case; the contact list must be drawn within 1 s of its data arriving,
// with no long task over 200 ms (the Performance API's longtask entries)
// from then on (the same page with 3 contacts measured as the baseline), holding at most a page of rows (50) until 再显示 is
// tapped; the status and kind filters count the whole list; every tap
// target of the list is at least 44 px tall at 360 px. Printed (print
// media, then Chromium's PDF), a case's list holds every row and no
// control. Screenshots at 1366 and 360 px: tests/browser/screenshots/contact-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { startServer, login as apiLogin, api, sql as sqlOn } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const N = 1500;
let srv, browser, password, caseId, smallCase, printCase;

// Times are wall-clock: on a machine busier than its CPUs they measure the
// machine, so the limits are then reported, not asserted (unless
// LIANFANG_PERF_STRICT=1), as in perf.test.mjs; rows and elements always.
const LOAD = loadavg()[0] / cpus().length;
const TIMED = process.env.LIANFANG_PERF_STRICT === '1' || LOAD <= 1;
function inTime(ms, limit, what) {
  if (TIMED) assert.ok(ms <= limit, what);
  else if (ms > limit) console.log(`# NOT ASSERTED (load ${LOAD.toFixed(1)} per CPU): ${what}`);
}
const sql = q => sqlOn(srv.db, q);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const u = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'liudiao', password, role: 'epidemiologist', node: '419001', display_name: '流调一组' });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const epi = await apiLogin(srv.url, 'liudiao', password);
  const a = sql('SELECT min(id) FROM person WHERE id_number IS NOT NULL');
  const c = await api(srv.url, epi, 'POST', '/api/v1/cases', { person_id: Number(a), status: 'confirmed',
    onset_date: new Date(Date.now() - 86400e3).toISOString().slice(0, 10) });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  caseId = c.body.id;
  // what a big venue's proposal leaves: N persons, all waiting for a decision
  sql(`INSERT INTO contact (case_id, person_id, kind, proposed_utc) SELECT ${caseId}, id, 2, 1764000000
       FROM person WHERE id <> ${a} ORDER BY id LIMIT ${N}`);
  assert.equal(Number(sql(`SELECT count(*) FROM contact WHERE case_id = ${caseId}`)), N);
  const b = sql('SELECT max(id) FROM person WHERE id_number IS NOT NULL');
  const s = await api(srv.url, epi, 'POST', '/api/v1/cases', { person_id: Number(b), status: 'confirmed',
    onset_date: new Date(Date.now() - 86400e3).toISOString().slice(0, 10) });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  smallCase = s.body.id;
  sql(`INSERT INTO contact (case_id, person_id, kind, proposed_utc) SELECT ${smallCase}, id, 2, 1764000000
       FROM person WHERE id <> ${b} ORDER BY id DESC LIMIT 3`);
  const p = sql('SELECT id FROM person WHERE id_number IS NOT NULL ORDER BY id LIMIT 1 OFFSET 2000');
  const pc = await api(srv.url, epi, 'POST', '/api/v1/cases', { person_id: Number(p), status: 'confirmed',
    onset_date: new Date(Date.now() - 86400e3).toISOString().slice(0, 10) });
  assert.equal(pc.status, 201, JSON.stringify(pc.body));
  printCase = pc.body.id;
  sql(`INSERT INTO contact (case_id, person_id, kind, proposed_utc) SELECT ${printCase}, id, 2, 1764000000
       FROM person WHERE id <> ${p} ORDER BY id DESC LIMIT 120 OFFSET 10`);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Open case id at 360 px with the CPU slowed 4x; returns when its first
// contact row is drawn: { dataAt, drawnAt, worst (longest task from the
// data on), rows, elements } (ms since the page's start).
async function measure(page, id) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto('about:blank');        // a new document: the init script runs
  await page.goto(`${srv.url}/app.html#/cases/${id}`);
  const drawnAt = await (await page.waitForFunction(
    () => document.querySelectorAll('table.contacts tbody tr').length > 0 && performance.now(),
    null, { polling: 'raf', timeout: 60_000 })).jsonValue();
  await page.waitForTimeout(500);        // the tasks that draw it end
  const m = await page.evaluate(() => {
    const r = performance.getEntriesByType('resource').find(e => /\/contacts$/.test(e.name));
    return { dataAt: r.responseEnd, longTasks: window.__longTasks,
      rows: document.querySelectorAll('table.contacts tbody tr').length,
      elements: document.querySelectorAll('*').length };
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const after = m.longTasks.filter(t => t.start + t.duration >= m.dataAt);
  return { ...m, drawnAt, after, worst: Math.max(0, ...after.map(t => t.duration)) };
}

test(`${N} proposed contacts: drawn within 1 s at 4x CPU, no long task over 200 ms, a page at a time`, async () => {
  const page = await openPage(browser, srv, PHONE);
  await loginOk(page, srv, 'liudiao', password);
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e =>
      ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  });
  // the baseline, in the same run: the same page with 3 contacts
  const base = await measure(page, smallCase);
  const big = await measure(page, caseId);
  for (const [what, m] of [['3 contacts (baseline)', base], [`${N} contacts`, big]])
    console.log(`# ${what}: rows drawn ${Math.round(m.drawnAt - m.dataAt)} ms after the data; ` +
      `longest task from then ${Math.round(m.worst)} ms; ${m.rows} rows, ${m.elements} elements`);
  console.log(`# ratio ${N}/baseline: drawing ${((big.drawnAt - big.dataAt) / Math.max(1, base.drawnAt - base.dataAt)).toFixed(2)}, ` +
    `longest task ${(big.worst / Math.max(1, base.worst)).toFixed(2)}`);
  inTime(big.drawnAt - big.dataAt, 1000, `drawn ${Math.round(big.drawnAt - big.dataAt)} ms after the data`);
  inTime(big.worst, 200, `a long task of ${Math.round(big.worst)} ms: ${JSON.stringify(big.after)}`);
  assert.equal(big.rows, 50);
  assert.ok(big.elements < 3000, `${big.elements} elements`);

  // the counts are of the whole list; the next page on a tap
  assert.deepEqual(await page.locator('.contact-counts .chip').allTextContents(),
    [`全部 ${N}`, `待确认 ${N}`, '已确认 0', '已排除 0']);
  const more = page.getByRole('button', { name: /再显示 50 人/ });
  assert.match(await more.textContent(), new RegExp(`已显示 50 / ${N} 人`));
  await more.click();
  assert.equal(await page.locator('table.contacts tbody tr').count(), 100);

  // a decision moves the counts; the status filter shows the decided one
  const first = page.locator('table.contacts tbody tr').first();
  const who = await first.locator('td.name').textContent();
  await first.getByRole('button', { name: '确认密接' }).click();
  await page.locator('.contact-counts .chip', { hasText: '已确认 1' }).waitFor();
  await page.locator('.contact-counts .chip', { hasText: '已确认 1' }).click();
  assert.equal(await page.locator('table.contacts tbody tr').count(), 1);
  assert.equal(await page.locator('table.contacts tbody tr td.name').textContent(), who);
  assert.equal(await more.isHidden(), true);
  await page.locator('.contact-counts .chip', { hasText: '全部' }).click();

  // tap targets at 360 px: every control of the list is at least 44 px tall
  const small = await page.evaluate(() => [...document.querySelectorAll(
    '.case-contacts button, .case-contacts input, .case-contacts select, .case-contacts a')]
    .filter(e => e.offsetParent !== null)
    .map(e => ({ what: e.textContent || e.getAttribute('aria-label') || e.name, h: e.getBoundingClientRect().height }))
    .filter(x => x.h < 44));
  assert.deepEqual(small.slice(0, 5), [], `${small.length} controls under 44 px`);
  await fits(page);
  await page.locator('.case-contacts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: SHOTS + 'contact-360.png' });
  page.check();
  await page.done();
});

test('the contact list at 1366 px', async () => {
  const page = await openPage(browser, srv, DESKTOP);
  await loginOk(page, srv, 'liudiao', password);
  await page.goto(`${srv.url}/app.html#/cases/${caseId}`);
  await page.locator('table.contacts tbody tr').first().waitFor();
  await page.getByLabel('按类型筛选').selectOption('venue');
  await page.getByText('没有符合筛选条件的密接。').waitFor();
  await page.getByLabel('按类型筛选').selectOption('');
  assert.equal(await page.locator('table.contacts tbody tr').count(), 50);
  await fits(page);
  await page.locator('.case-contacts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: SHOTS + 'contact-1366.png' });
  page.check();
  await page.done();
});

test('a case\'s contacts print whole: every row, no controls, A4 PDF', async () => {
  const page = await openPage(browser, srv, DESKTOP);
  await loginOk(page, srv, 'liudiao', password);
  await page.goto(`${srv.url}/app.html#/cases/${printCase}`);
  await page.locator('table.contacts tbody tr').first().waitFor();
  assert.equal(await page.locator('table.contacts tbody tr').count(), 50);
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.querySelectorAll('table.contacts tbody tr').length === 120);
  const shown = await page.evaluate(() => ({
    rows: [...document.querySelectorAll('table.contacts tbody tr')].filter(r => r.offsetParent !== null).length,
    controls: [...document.querySelectorAll('main button, main input, main select, .topbar')]
      .filter(e => e.offsetParent !== null).length,
  }));
  assert.deepEqual(shown, { rows: 120, controls: 0 });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length;
  console.log(`# the contacts of a case with 120 contacts: ${pages} A4 pages, ${pdf.length} bytes`);
  assert.ok(pages >= 3, `${pages} pages for 120 rows`);
  await page.screenshot({ path: SHOTS + 'contact-print.png' });
  await page.emulateMedia({ media: 'screen' });
  page.check();
  await page.done();
});
