// case_chain.js - 传播链 (#/cases/chains): the cases of the caller's
// jurisdiction linked by their confirmed source (GET /chains) as a graph
// (ECharts, served from web/vendor/ - never a CDN) and, for reading and
// for screen readers, each chain as an indented list.
import { api, el, clear, labels, statusLine } from './common.js';

// the colours of the graph by status; the statuses and their labels: GET /meta
const COLOR = { suspected: '#d69e2e', confirmed: '#c53030', asymptomatic: '#dd6b20',
  excluded: '#a0aec0', discharged: '#2f855a', dead: '#4a5568' };

let echartsModule = null;
function loadEcharts() {
  echartsModule = echartsModule || import('../vendor/echarts.esm.min.js');
  return echartsModule;
}

export function render(view) {
  const status = statusLine();
  const graph = el('div', { class: 'chain-graph', id: 'chain-graph', role: 'img',
    'aria-label': '传播链关系图' });
  const lists = el('div', { class: 'chain-lists' });
  view.append(el('p', {}, el('a', { href: '#/cases', text: '← 病例列表' })),
    el('div', { class: 'page-head' }, el('h2', { text: '传播链' }),
      el('p', { class: 'hint', text: '按病例的“传染来源病例”连成传播链；箭头由传染源指向被传染者。' })),
    status,
    el('section', { class: 'card' }, el('h3', { text: '关系图' }), graph),
    el('section', { class: 'card' }, el('h3', { text: '传播链列表' }), lists));
  load();

  async function load() {
    status.set('正在加载…');
    let g;
    try {
      g = await api('GET', '/chains');
    } catch (err) {
      status.set(err.text, 'bad');
      return;
    }
    const linked = g.chains.filter(ch => ch.length > 1);
    status.set(`共 ${g.nodes.length} 例病例，${linked.length} 条传播链（2 例及以上）。`);
    showLists(g, linked);
    if (!g.nodes.length) {
      graph.hidden = true;
      return;
    }
    try {
      const echarts = await loadEcharts();
      draw(echarts, graph, g);
    } catch (err) {
      graph.textContent = '关系图加载失败：' + (err && err.message || err);
    }
  }

  function showLists(g, linked) {
    const byId = new Map(g.nodes.map(n => [n.id, n]));
    clear(lists);
    if (!linked.length) {
      lists.append(el('p', { class: 'empty', text: '暂无相互关联的病例。' }));
      return;
    }
    linked.forEach((ch, i) => {
      lists.append(el('div', { class: 'chain', dataset: { chain: String(i + 1) } },
        el('h4', { text: `传播链 ${i + 1}（${ch.length} 例）` }),
        el('ol', { class: 'chain-list' }, ch.map(id => {
          const n = byId.get(id);
          return el('li', { style: `margin-left:${n.depth * 1.4}em`, dataset: { id: String(id) } },
            n.depth ? '↳ ' : '',
            el('a', { href: '#/cases/' + id, text: n.name }), ' ',
            el('span', { class: 'sub-inline', text: `病例 ${id}　${n.status_label}` }));
        }))));
    });
  }
}

function draw(echarts, box, g) {
  const chart = echarts.init(box, null, { renderer: 'canvas' });
  const linkedIds = new Set(g.links.flatMap(l => [l.source, l.target]));
  const statuses = labels('case_status');
  chart.setOption({
    tooltip: { formatter: p => p.dataType === 'edge' ? (p.data.remarks || '传播')
      : `${p.data.label.formatter}<br>${p.data.statusLabel}` },
    legend: { data: statuses.map(s => s.label), bottom: 0 },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true,
      force: { repulsion: 160, edgeLength: 80 },
      categories: statuses.map(s => ({ name: s.label, itemStyle: { color: COLOR[s.id] || '#718096' } })),
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
      label: { show: true, position: 'right' },
      data: g.nodes.map(n => ({
        id: String(n.id), name: String(n.id), statusLabel: n.status_label,
        category: statuses.findIndex(s => s.id === n.status),
        symbolSize: linkedIds.has(n.id) ? 22 : 12,
        label: { formatter: `${n.name}（${n.id}）` },
      })),
      links: g.links.map(l => ({ source: String(l.source), target: String(l.target),
        remarks: l.remarks })),
      lineStyle: { color: '#718096', width: 1.5, curveness: 0.1 },
    }],
  });
  new ResizeObserver(() => chart.resize()).observe(box);
}
