// poster.js - the A4 poster of a checkpoint (checkpoint-poster.html?id=N):
// its QR code (GET /checkpoints/{id}/qr.svg, the public form's address),
// name, place and the 扫码填报 steps in Chinese, for the booth and the
// roadside. Needs a session of a role that manages checkpoints.
import { api } from './common.js';

const $ = id => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';

async function start() {
  if (!/^\d+$/.test(id)) {
    $('status').textContent = '缺少卡点编号，请从“卡点管理”页面打开海报。';
    return;
  }
  let cp;
  try {
    cp = await api('GET', '/checkpoints/' + id);
  } catch (err) {
    $('status').textContent = err.text;
    return;
  }
  document.title = `${cp.name} · 一码通行二维码海报`;
  $('qr').src = `/api/v1/checkpoints/${id}/qr.svg`;
  $('cp-name').textContent = cp.name;
  $('cp-where').textContent = [cp.kind_label, cp.road].filter(Boolean).join(' · ');
  $('cp-url').textContent = cp.url;
  api('GET', '/nodes/' + encodeURIComponent(cp.node))
    .then(n => { $('cp-unit').textContent = n.name + ' 设'; }).catch(() => {});
  await new Promise(ok => {
    if ($('qr').complete) ok();
    else { $('qr').onload = ok; $('qr').onerror = ok; }
  });
  $('sheet').hidden = false;
  $('status').textContent = '请用 A4 纸打印（纵向，无页边距缩放）。';
  $('print').disabled = false;
}

$('print').addEventListener('click', () => window.print());
start();
