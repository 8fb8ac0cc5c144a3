// screening.js - 入户排查: the grid worker's phone page (#/visits/GRID). The
// round in force, the households of the grid still to visit
// (GET /visits?grid=&todo=1) as big cards, and a visit recorded in two
// taps: the outcome on the card, then 确认 (POST /visits). A recorded card
// leaves the list; "nobody home" stays, marked, to be visited again.
// Community and town officers first choose the grid. Without a round in
// force the page says who opens the next, and a community officer (or
// above) opens one for the grid's community from here (POST /rounds).
import { api, el, clear, can, labels, label, statusLine, fmtTime, busy } from './common.js';
import { isGrid, gridPicker, nameOf, progress, screened,
  message } from './ledger.js';

const hrefOf = code => '#/visits/' + encodeURIComponent(code);

export function render(view, ctx, arg) {
  const root = ctx.me.node;
  const own = isGrid(root);
  const grid = own ? root : (isGrid(arg) && arg.startsWith(root) ? arg : '');

  const status = statusLine();
  const summary = el('section', { class: 'card visit-summary', 'aria-live': 'polite' });
  const list = el('div', { class: 'hh-list' });
  view.append(el('div', { class: 'page-head' }, el('h2', { text: '入户排查' }),
    el('p', { class: 'hint', text: '逐户走访，点选走访结果后再点“确认”即可记录。已走访、空置房、拒绝配合的住户从待访清单中移除；无人在家的住户保留，择时再访。' })));
  if (!own)
    view.append(el('section', { class: 'card' },
      gridPicker(root, grid, code => {
        if (code) location.hash = hrefOf(code);
        else { clear(summary).hidden = true; clear(list); status.set(''); }
      }, { label: '选择要走访的网格' })));
  view.append(summary, status, list);
  if (!grid) {
    summary.hidden = true;
    return;
  }
  load();

  async function load() {
    message(summary, '正在加载…', 'status');
    clear(list);
    let data;
    try {
      data = await api('GET', `/visits?grid=${encodeURIComponent(grid)}&todo=1`);
    } catch (err) {
      message(summary, err.text, 'form-error');
      return;
    }
    const name = await nameOf(grid);
    if (!data.round) {
      noRound(name);
      return;
    }
    showSummary(name, data.round, data.households.length);
    showList(data.households);
  }

  // No round in force: who opens the next (the community's officers, the
  // street or the command, on 排查进度), and for those who may, the button
  // that opens one for this grid's community here.
  function noRound(name) {
    clear(list);
    const community = grid.slice(0, 12), town = grid.slice(0, 9);
    const who = el('span', { text: '所在村（社区）干部、乡镇街道或指挥部' });
    // names where the caller may read them (a grid worker may not read
    // the nodes above their grid: the words stay general then)
    Promise.all([nameOf(community), nameOf(town)]).then(([c, t]) => {
      if (c !== community && t !== town) who.textContent = `${c}的社区干部、${t}或指挥部`;
    });
    const out = statusLine();
    const open = can(ctx.me, 'round.manage') && community.startsWith(root.slice(0, 12))
      ? el('button', { type: 'button', class: 'primary open-round', text: '开启新一轮排查' }) : null;
    clear(summary).append(
      el('h3', { class: 'grid-name', text: name }),
      el('p', { class: 'status bad round-none', role: 'alert',
        text: '当前没有进行中的排查轮次，暂不能记录走访。' }),
      el('p', { class: 'hint who-opens' }, '下一轮排查由', who,
        '开启（在“排查进度”中，或在本页）。开启后刷新本页即可开始走访。'),
      open || '', el('button', { type: 'button', text: '刷新', on: { click: load } }), out);
    if (open)
      open.addEventListener('click', () => busy(open, async () => {
        try {
          await api('POST', '/rounds', { node: community });
        } catch (err) { out.set(err.text, 'bad'); return; }
        load();
      }, '正在开启…'));
  }

  // the round, the grid's figures (GET /coverage) and how many are left
  const figures = el('div', { class: 'visit-figures' });
  const left = el('b', { class: 'left-count' });
  function showSummary(name, round, n) {
    left.textContent = String(n);
    // who opened it: the unit the round covers
    const opener = el('span', { class: 'sub round-node' });
    nameOf(round.node).then(t => { opener.textContent = `由${t}开启`; });
    clear(summary).append(
      el('div', { class: 'visit-head' },
        el('div', {},
          el('h3', { class: 'grid-name', text: name }),
          el('p', { class: 'round-name' }, el('span', { class: 'badge ok', text: '进行中' }), ' ',
            el('span', { text: round.name }),
            el('span', { class: 'sub', text: '开始于 ' + fmtTime(round.started_at) }),
            opener)),
        el('div', { class: 'left' }, el('span', { class: 'sub', text: '待走访' }), left,
          el('span', { class: 'sub', text: '户' }))),
      figures);
    refreshFigures();
  }
  async function refreshFigures() {
    try {
      const c = await api('GET', '/coverage?node=' + encodeURIComponent(grid));
      const t = c.total;
      clear(figures).append(progress(screened(t), t.households, '本网格排查进度'),
        el('p', { class: 'sub', text: `已走访 ${t.visited} · 空置房 ${t.empty} · 拒绝配合 ${t.refused} · 无人在家 ${t.nobody_home}` }));
    } catch { clear(figures); }
  }

  function showList(households) {
    clear(list);
    if (!households.length) {
      list.append(done());
      return;
    }
    if (households.length > 6) {
      const filter = el('input', { type: 'search', class: 'filter',
        placeholder: '按地址或户主姓名查找', 'aria-label': '查找住户' });
      filter.addEventListener('input', () => {
        const q = filter.value.trim();
        for (const c of list.querySelectorAll('.hh-card'))
          c.hidden = !!q && !c.dataset.text.includes(q);
      });
      list.append(filter);
    }
    for (const h of households) list.append(card(h));
    list.append(el('p', { class: 'hint more-hint' }, '发现清单中没有的住户或新成员？',
      can(ctx.me, 'ledger.edit')
        ? el('a', { href: '#/persons/grid=' + encodeURIComponent(grid), text: '到人员台账登记' })
        : null));
  }

  function done() {
    return el('section', { class: 'card all-done' },
      el('p', { class: 'status ok', text: '本网格住户已全部走访完毕，做到了不漏一户。' }),
      el('p', { class: 'hint' }, '新发现的住户请到', el('a', {
        href: '#/persons/grid=' + encodeURIComponent(grid), text: '人员台账' }), '登记。'));
  }

  function card(h) {
    const actions = el('div', { class: 'hh-actions' });
    const err = el('p', { class: 'form-error', role: 'alert' });
    const mark = el('span', { class: 'badge warn hh-mark', hidden: h.outcome !== 'nobody_home',
      text: '上次无人在家' });
    const c = el('article', { class: 'hh-card' + (h.outcome === 'nobody_home' ? ' again' : ''),
      dataset: { id: String(h.id), text: `${h.address} ${h.head}` } },
      el('div', { class: 'hh-addr', text: h.address }),
      el('div', { class: 'hh-meta' },
        el('span', { text: h.head ? '户主 ' + h.head : '户主未登记' }),
        el('span', { text: `${h.n_members} 人` }),
        mark,
        can(ctx.me, 'ledger.edit') ? el('a', { class: 'hh-link',
          href: '#/persons/household=' + h.id, text: '成员登记' }) : null),
      actions, err);

    function choose() {
      clear(actions).className = 'hh-actions';
      // every outcome but "none" (未走访), in the server's order
      for (const o of labels('visit_outcome').filter(o => o.id !== 'none'))
        actions.append(el('button', { type: 'button', class: 'outcome ' + (o.tone || ''),
          dataset: { outcome: o.id }, text: o.label, on: { click: () => confirm(o.id) } }));
    }
    function confirm(value) {
      err.textContent = '';
      const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200,
        placeholder: '备注（选填）', 'aria-label': '备注（选填）', autocomplete: 'off' });
      const ok = el('button', { type: 'button', class: 'primary confirm',
        text: '确认' + label('visit_outcome', value) });
      ok.addEventListener('click', () => record(value, remarks.value.trim(), ok));
      clear(actions).className = 'hh-actions confirming';
      actions.append(
        el('p', { class: 'confirm-q' }, '记录为', el('b', { text: `“${label('visit_outcome', value)}”` }), '？'),
        remarks, ok,
        el('button', { type: 'button', class: 'cancel', text: '取消', on: { click: choose } }));
      ok.focus();
    }
    async function record(value, remarks, button) {
      button.disabled = true;
      button.textContent = '正在记录…';
      try {
        await api('POST', '/visits', { household_id: h.id, outcome: value,
          ...(remarks ? { remarks } : {}) });
      } catch (e) {
        if (e.field === 'round') { noRound(await nameOf(grid)); status.set(e.reason, 'bad'); return; }
        err.textContent = e.text;
        choose();
        return;
      }
      status.set(`已记录：${h.address}，${label('visit_outcome', value)}`, 'ok');
      refreshFigures();
      if (value === 'nobody_home') {
        c.classList.add('again');
        mark.hidden = false;
        mark.textContent = '无人在家 · 已记录，请择时再访';
        choose();
        return;
      }
      c.remove();
      const n = list.querySelectorAll('.hh-card').length;
      left.textContent = String(n);
      if (!n) {
        clear(list).append(done());
      }
    }
    choose();
    return c;
  }
}
