// qr_scan.js - the camera reads a QR code, for any page that takes a code
// (the checkpoint's pass today; the health code and the sampler's tubes
// later). The back camera (facingMode environment), the torch where the
// phone has one, the browser's BarcodeDetector where it exists and reads
// QR codes, else jsQR in a worker (qr_worker.js) on frames scaled to at
// most 640 px. Typing stays the way in: a phone without a camera, or a
// refusal of the camera's permission, leaves the code field as it was and
// says why.
import { el } from './common.js';

const MAX_SIDE = 640;

// Whether this browser can open a camera at all (HTTPS or localhost only).
export function cameraPossible() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

// Open the camera into a panel appended to box; onCode(text) is called once
// with the first code read, and the camera is closed. Returns { stop() }.
// onError(text) gets a message a person can read.
export function openScanner(box, onCode, onError) {
  const video = el('video', { class: 'scan-video', playsinline: true, muted: true, autoplay: true,
    'aria-label': '摄像头画面' });
  const torch = el('button', { type: 'button', class: 'ghost', text: '打开手电筒', hidden: true });
  const close = el('button', { type: 'button', class: 'ghost', text: '关闭摄像头' });
  const note = el('p', { class: 'hint', role: 'status', text: '正在打开摄像头…' });
  const panel = el('div', { class: 'scan-panel' }, el('div', { class: 'scan-frame' }, video),
    note, el('div', { class: 'scan-actions' }, torch, close));
  box.append(panel);

  let stream = null, worker = null, stopped = false, timer = 0, torchOn = false, seq = 0;
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true });

  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    if (stream) for (const t of stream.getTracks()) t.stop();
    if (worker) worker.terminate();
    panel.remove();
  }
  close.addEventListener('click', stop);

  function found(text) {
    if (stopped || !text) return;
    stop();
    onCode(text.trim());
  }

  async function detector() {
    if (!('BarcodeDetector' in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
    } catch { return null; }
  }

  // one frame scaled down, as RGBA bytes
  function frame() {
    const w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return null;
    const k = Math.min(1, MAX_SIDE / Math.max(w, h));
    canvas.width = Math.round(w * k);
    canvas.height = Math.round(h * k);
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    return g.getImageData(0, 0, canvas.width, canvas.height);
  }

  async function start() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
    } catch (err) {
      stop();
      onError(err && err.name === 'NotAllowedError' ? '未获得摄像头权限，请在浏览器设置中允许使用摄像头，或直接输入通行码。'
        : '无法打开摄像头，请直接输入通行码。');
      return;
    }
    if (stopped) { for (const t of stream.getTracks()) t.stop(); return; }
    video.srcObject = stream;
    const track = stream.getVideoTracks()[0];
    const caps = track && track.getCapabilities ? track.getCapabilities() : {};
    if (caps.torch) {
      torch.hidden = false;
      torch.addEventListener('click', async () => {
        torchOn = !torchOn;
        try {
          await track.applyConstraints({ advanced: [{ torch: torchOn }] });
          torch.textContent = torchOn ? '关闭手电筒' : '打开手电筒';
        } catch { torch.hidden = true; }
      });
    }
    try { await video.play(); } catch { /* autoplay muted: plays anyway */ }
    note.textContent = '将通行码二维码置于框内，识别后自动查询';
    const bd = await detector();
    if (bd) {
      const tick = async () => {
        if (stopped) return;
        if (!panel.isConnected) return stop();   // the page was left
        try {
          const codes = await bd.detect(video);
          if (codes.length) return found(codes[0].rawValue);
        } catch { /* a frame not ready */ }
        timer = setTimeout(tick, 150);
      };
      tick();
      return;
    }
    worker = new Worker(new URL('./qr_worker.js', import.meta.url));
    let busy = false;
    worker.onmessage = ev => {
      busy = false;
      if (ev.data.text) found(ev.data.text);
    };
    worker.onerror = () => { stop(); onError('二维码识别组件加载失败，请直接输入通行码。'); };
    const tick = () => {
      if (stopped) return;
      if (!panel.isConnected) return stop();
      if (!busy) {
        const img = frame();
        if (img) {
          busy = true;
          worker.postMessage({ id: ++seq, width: img.width, height: img.height, data: img.data.buffer },
            [img.data.buffer]);
        }
      }
      timer = setTimeout(tick, 120);
    };
    tick();
  }

  start();
  return { stop };
}
