// venue-poster.js - the A4 poster of an approved venue
// (venue-poster.html?id=ID): the venue's name, type and address from
// GET /api/v1/venues/{id}, and its QR code as SVG from
// /api/v1/venues/{id}/qr.svg (it scales to any print size without blur).
// Only the operator who applied and the officers of the venue's node can
// open it; a venue that is not approved has no code and no poster.
import { api } from './common.js';

const msg = document.getElementById('msg');
const sheet = document.getElementById('sheet');
const printButton = document.getElementById('print');

function fail(text) {
  msg.textContent = text;
  msg.hidden = false;
}

async function start() {
  const id = new URLSearchParams(location.search).get('id') || '';
  if (!/^\d+$/.test(id)) {
    fail('缺少场所编号：请从“场所码申请”或“场所审核”页面打开海报。');
    return;
  }
  let v;
  try {
    v = await api('GET', '/venues/' + id);
  } catch (err) {
    if (err.status !== 401) fail(err.text);
    return;                          // a 401 is on its way to the login page
  }
  if (v.status !== 'approved') {
    fail(`“${v.name}”${v.status === 'applied' ? '尚在审核中' : '未通过审核'}，还没有场所码，暂不能打印海报。`);
    return;
  }
  document.title = `场所码 - ${v.name}`;
  const name = document.getElementById('venue-name');
  name.textContent = v.name;
  // long names get a smaller size so they stay on two lines at most
  const n = [...v.name].length;
  if (n > 24) name.classList.add('longer');
  else if (n > 12) name.classList.add('long');
  document.getElementById('venue-type').textContent = v.type_label;
  document.getElementById('venue-address').textContent = v.address;
  document.getElementById('venue-node').textContent = v.node_name || v.node;
  document.getElementById('venue-code').textContent = v.code;
  const qr = document.getElementById('qr');
  await new Promise(ok => {
    qr.addEventListener('load', ok, { once: true });
    qr.addEventListener('error', () => { fail('二维码加载失败，请刷新页面重试。'); ok(); }, { once: true });
    qr.src = `/api/v1/venues/${id}/qr.svg`;
  });
  sheet.hidden = false;
  printButton.disabled = false;
  printButton.addEventListener('click', () => window.print());
  sheet.dataset.ready = '1';
}

start();
