// pass_scan.test.mjs - the checkpoint's camera (卡点核验 → 扫码): a person
// gets a pass from the public page's API, the test turns the QR code the
// server draws for it (qr.svg) into a video file (.y4m, the pass on a
// white page, as a phone held up to the camera shows it), and Chromium's
// fake camera (--use-file-for-fake-video-capture) plays it to the page. The
// page must read the code from the camera (jsQR in a worker: headless
// Chromium on Linux has no BarcodeDetector), look it up and show the pass.
// Screenshots at 1366 and 360 px: tests/browser/screenshots/pass-scan-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, CHROMIUM, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const TOWN = '419001001';
const W = 640, H = 480;
let srv, password, pass, dir, video;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'lianfang-camera-'));
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  const admin = await apiLogin(srv.url, 'admin', password);
  const u = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'kadian', password, role: 'checkpoint_staff', node: TOWN, display_name: '卡点值守员' });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const command = await apiLogin(srv.url, 'command', password);
  const c = await api(srv.url, command, 'POST', '/api/v1/checkpoints',
    { node: TOWN, name: '济源东收费站', road: '二广高速济源东收费站出口', kind: 'highway' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const r = await api(srv.url, null, 'POST', '/api/v1/public/passes', { checkpoint: c.body.code,
    name: '郑司机', id_number: '11010519491231002X', phone: '13700001234', plate: '豫U12345', origin_name: '郑州市' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  pass = r.body;
  video = join(dir, 'pass.y4m');
  writeFileSync(video, await y4mOf(`/api/v1/public/passes/${pass.code}/qr.svg`));
});

after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The server's QR of the pass drawn 300 px wide in the middle of a white
// 640×480 frame, as a YUV 4:2:0 video of a few identical frames (the fake
// camera plays the file in a loop).
async function y4mOf(svgPath) {
  const b = await launch();
  const page = await b.newPage();
  await page.goto(srv.url + '/');
  const luma = await page.evaluate(async ({ src, w, h }) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.imageSmoothingEnabled = false;
    g.drawImage(img, (w - 300) / 2, (h - 300) / 2, 300, 300);
    const d = g.getImageData(0, 0, w, h).data;
    const y = new Array(w * h);
    for (let i = 0; i < w * h; i++)
      y[i] = Math.round(0.299 * d[4 * i] + 0.587 * d[4 * i + 1] + 0.114 * d[4 * i + 2]);
    return y;
  }, { src: srv.url + svgPath, w: W, h: H });
  await b.close();
  assert.ok(luma.some(v => v < 64) && luma.some(v => v > 192), 'the frame holds a black and white code');
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma),
    Buffer.alloc(W * H / 2, 128)]);      // U and V planes, a quarter each: grey
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`),
    frame, frame, frame, frame, frame]);
}

for (const [viewport, name] of [[DESKTOP, '1366'], [PHONE, '360']]) {
  test(`the checkpoint staff scans a pass with the camera, at ${name} px`, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
    try {
      const page = await openPage(browser, srv, viewport);
      await page.context().grantPermissions(['camera'], { origin: srv.url });
      await loginOk(page, srv, 'kadian', password);
      await page.goto(srv.url + '/app.html#/verify');
      await page.getByLabel('当前卡点').locator('option', { hasText: '济源东收费站' }).waitFor({ state: 'attached' });
      const code = page.getByLabel('通行码', { exact: true });
      assert.equal(await code.inputValue(), '');
      await page.getByRole('button', { name: '扫码' }).click();
      // read from the camera, looked up, shown: the name and the full ID
      await page.locator('.pass-card .pass-name', { hasText: '郑司机' }).waitFor({ timeout: 30_000 });
      assert.equal(await code.inputValue(), pass.code);
      assert.match(await page.locator('.pass-card .pass-id').textContent(), /110105 19491231 002X/);
      assert.equal(await page.locator('.scan-panel').count(), 0, 'the camera is closed after a read');
      await fits(page);
      await shot(page, SHOTS + `pass-scan-${name}.png`);
      page.check();
      await page.done();
    } finally {
      await browser.close();
    }
  });
}
