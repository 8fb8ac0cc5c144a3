// screening_round.test.mjs - 入户排查 without a round in force (issue 14):
// the grid worker's phone page says who opens the next round, by name; the
// community officer opens one from the same page and the grid worker then
// sees it in force, with the unit that opened it.
import { test, before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const GRID = '419001001001001';
let srv, browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

test('the grid worker is told who opens; the community officer opens it there', async () => {
  const grid = await openPage(browser, srv, PHONE);
  await loginOk(grid, srv, 'grid', srv.password);
  await grid.locator('.round-none').waitFor();
  await grid.locator('.who-opens', { hasText: /下一轮排查由.*(社区|村).*干部、.*或指挥部开启/ }).waitFor();
  if (await grid.locator('button.open-round').count()) throw new Error('a grid worker cannot open a round');
  await fits(grid);
  await shot(grid, SHOTS + 'phone-visits-no-round.png');

  const officer = await openPage(browser, srv, DESKTOP);
  await loginOk(officer, srv, 'community', srv.password);
  await officer.locator('#nav a', { hasText: '入户排查' }).click();
  await officer.goto(srv.url + '/app.html#/visits/' + GRID);
  await officer.locator('button.open-round').click();
  await officer.locator('.round-name', { hasText: '第1轮排查' }).waitFor();
  await officer.locator('.round-node', { hasText: /由.+开启/ }).waitFor();
  officer.check();
  await officer.done();

  await grid.getByRole('button', { name: '刷新' }).click();
  await grid.locator('.round-name', { hasText: '第1轮排查' }).waitFor();
  await fits(grid);
  grid.check();
  await grid.done();
});
