// app.js - the shell of the app page: who is logged in (GET /me, which
// also gives the CSRF token again after a reload, the caller's rights and
// the modules it may open), the label tables (GET /meta, once), the tabs
// as the server lists them, logout, and the hash router (#/tree/CODE, #/visits/GRID,
// #/coverage/CODE, #/persons, #/arrivals/CODE, #/reports/CODE,
// #/venue-apply, #/venue-review/CODE, #/verify, #/checkpoints/DAY,
// #/referrals/STATUS, #/cases, #/cases/ID, #/cases/chains, #/users, #/audit).
import { api, el, clear, can, roleLabel, setCsrf, getDisplayName, clearSession, setNotice,
  loadMeta, metaKept } from './common.js';

// The code of each module the server may list (src/core/nav.h): id → a
// loader of its page. A page's code is fetched when it is first opened, not
// at start (on a 400 kbit/s line the whole app is seconds), and the browser
// keeps the module: the next opening costs nothing.
const PAGES = {
  tree: () => import('./node.js'),
  duty: () => import('./duty.js'),
  visits: () => import('./screening.js'),
  coverage: () => import('./screening_coverage.js'),
  persons: () => import('./ledger_persons.js'),
  arrivals: () => import('./arrival.js'),
  reports: () => import('./arrival_selfreport.js'),
  'venue-apply': () => import('./venue.js').then(m => m.apply),
  'venue-review': () => import('./venue.js').then(m => m.review),
  verify: () => import('./pass_verify.js'),
  checkpoints: () => import('./checkpoint.js'),
  referrals: () => import('./referral.js'),
  cases: () => import('./case.js'),
  users: () => import('./user.js'),
  audit: () => import('./audit.js'),
};

// The caller's modules in the order of its tabs (the first is its home), as
// GET /me lists them: {id, label, href, right, load}.
function modulesOf(me) {
  return (me.nav || []).filter(m => PAGES[m.id]).map(m => ({ ...m, load: PAGES[m.id] }));
}

const main = document.getElementById('main');
const nav = document.getElementById('nav');
nav.addEventListener('scroll', () => navHint(), { passive: true });
window.addEventListener('resize', () => navHint());
const ctx = { me: null, modules: [], nodeName: '' };
let routeSeq = 0;   // a page still loading when another is opened is dropped

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

async function route() {
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
  const seq = ++routeSeq;
  let mod;
  try {
    mod = await (early && early.id === m.id ? early.mod : m.load());
  } catch {
    // the line dropped while the page's code was on its way
    if (seq !== routeSeq) return;
    view.append(el('p', { class: 'form-error', role: 'alert',
      text: '页面加载失败，请检查网络后重试。' }),
    el('button', { type: 'button', class: 'ghost', text: '重新加载', on: { click: () => route() } }));
    return;
  }
  if (seq !== routeSeq) return;
  mod.render(view, ctx, decodeURIComponent(arg));
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

// The page the address names, fetched while GET /me is on its way rather
// than after it (one round trip less on a slow line); the server still
// decides what the caller may see, route() whether it is the caller's page.
const early = (() => {
  const { id } = parseHash();
  if (!PAGES[id]) return null;
  const mod = PAGES[id]();
  mod.catch(() => {});   // route() loads again and says so
  return { id, mod };
})();

async function start() {
  let me;
  // a first visit: the tables are fetched alongside /me, not after it
  const earlyMeta = metaKept() ? null : api('GET', '/meta');
  earlyMeta?.catch(() => {});
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
    await loadMeta(me.meta_version, earlyMeta);
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
      ctx.myNode = n;   // the tree page takes its name from here
      nodeBox.textContent = n.name;
      nodeBox.title = '辖区编码：' + n.code;
    }).catch(() => {});
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
