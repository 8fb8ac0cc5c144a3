// app.js - the shell of the app page: who is logged in (GET /me, which
// also gives the CSRF token again after a reload, the caller's rights and
// the modules it may open), the label tables (GET /meta, once), the tabs
// as the server lists them, logout, and the hash router (#/tree/CODE, #/visits/GRID,
// #/coverage/CODE, #/persons, #/arrivals/CODE, #/reports/CODE,
// #/venue-apply, #/venue-review/CODE, #/verify, #/checkpoints/DAY,
// #/referrals/STATUS, #/cases, #/cases/ID, #/cases/chains, #/users, #/audit).
import { api, el, clear, can, roleLabel, setCsrf, getDisplayName, clearSession, setNotice,
  loadMeta } from './common.js';
import * as tree from './node.js';
import * as duty from './duty.js';
import * as users from './user.js';
import * as audit from './audit.js';
import * as visits from './screening.js';
import * as coverage from './screening_coverage.js';
import * as persons from './ledger_persons.js';
import * as arrivals from './arrival.js';
import * as selfreports from './arrival_selfreport.js';
import * as venues from './venue.js';
import * as verify from './pass_verify.js';
import * as checkpoints from './checkpoint.js';
import * as referrals from './referral.js';
import * as cases from './case.js';

// The code of each module the server may list (src/core/nav.h): id → page.
const PAGES = {
  tree, duty, visits, coverage, persons, arrivals, reports: selfreports,
  'venue-apply': venues.apply, 'venue-review': venues.review, verify, checkpoints,
  referrals, cases, users, audit,
};

// The caller's modules in the order of its tabs (the first is its home), as
// GET /me lists them: {id, label, href, right, mod}.
function modulesOf(me) {
  return (me.nav || []).filter(m => PAGES[m.id]).map(m => ({ ...m, mod: PAGES[m.id] }));
}

const main = document.getElementById('main');
const nav = document.getElementById('nav');
nav.addEventListener('scroll', () => navHint(), { passive: true });
window.addEventListener('resize', () => navHint());
const ctx = { me: null, modules: [], nodeName: '' };

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { id: parts[0] || '', arg: parts.slice(1).join('/') };
}

// "more tabs this way": a fade on the side the row can still scroll to
function navHint() {
  const left = nav.scrollLeft > 1;
  const right = nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1;
  nav.classList.toggle('more-left', left);
  nav.classList.toggle('more-right', right);
}

function route() {
  const allowed = ctx.modules;
  let { id, arg } = parseHash();
  let m = allowed.find(x => x.id === id);
  if (!m) {
    m = allowed[0];
    arg = '';
    if (!m) {
      clear(main).append(el('section', { class: 'card' },
        el('h2', { text: '暂无可用模块' }),
        el('p', { text: '您的角色目前没有可使用的功能模块，后续模块上线后将在此显示。' })));
      return;
    }
  }
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.id === m.id) {
      a.setAttribute('aria-current', 'page');
      // on a phone the tabs are one row that scrolls: keep this one in view
      if (nav.scrollWidth > nav.clientWidth)
        nav.scrollLeft = a.offsetLeft - (nav.clientWidth - a.offsetWidth) / 2;
    } else {
      a.removeAttribute('aria-current');
    }
  }
  navHint();
  document.title = `${m.label} - 联防 疫情防控平台`;
  const view = el('div', { class: 'view', dataset: { module: m.id } });
  clear(main).append(view);
  m.mod.render(view, ctx, decodeURIComponent(arg));
}

async function logout(ev) {
  const b = ev.currentTarget;
  b.disabled = true;
  try {
    await api('POST', '/logout');
  } catch { /* the session is gone either way */ }
  clearSession();
  setNotice('您已安全退出');
  location.replace('index.html');
}

async function start() {
  let me;
  try {
    me = await api('GET', '/me');
  } catch (err) {
    if (err.status !== 401)
      clear(main).append(el('p', { class: 'form-error', role: 'alert', text: err.text }));
    return;   // a 401 is already on its way to the login page
  }
  ctx.me = me;
  ctx.modules = modulesOf(me);
  setCsrf(me.csrf);
  try {
    await loadMeta(me.meta_version);
  } catch (err) {
    clear(main).append(el('p', { class: 'form-error', role: 'alert', text: err.text }));
    return;
  }
  const display = getDisplayName(me.username);
  document.getElementById('who-name').textContent = display || me.username;
  document.getElementById('who-name').title = '用户名：' + me.username;
  document.getElementById('who-role').textContent = me.role_label || roleLabel(me.role);
  const nodeBox = document.getElementById('who-node');
  nodeBox.textContent = me.node;
  document.getElementById('logout').addEventListener('click', logout);

  for (const m of ctx.modules) {
    nav.append(el('a', { href: m.href, dataset: { id: m.id }, text: m.label }));
  }
  if (can(me, 'node.read')) {
    // the caller's own node: its name for the header (a role that may not
    // read the tree keeps the code, so its view is never a denied read)
    api('GET', '/nodes/' + encodeURIComponent(me.node)).then(n => {
      ctx.nodeName = n.name;
      tree.remember(n);
      nodeBox.textContent = n.name;
      nodeBox.title = '辖区编码：' + n.code;
    }).catch(() => {});
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
