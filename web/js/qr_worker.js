// qr_worker.js - decodes QR codes off the page's thread with jsQR (npm
// jsqr, vendored like ECharts), so a slow phone's page stays responsive
// while the camera runs. A classic worker: jsQR is a UMD bundle that sets
// self.jsQR. In: {id, width, height, data (RGBA bytes, transferred)};
// out: {id, text} (text null when no code was found in the frame).
importScripts('../vendor/jsQR.js');

self.onmessage = ev => {
  const { id, width, height, data } = ev.data;
  let text = null;
  try {
    const found = self.jsQR(new Uint8ClampedArray(data), width, height, { inversionAttempts: 'attemptBoth' });
    text = found ? found.data : null;
  } catch { /* a frame it cannot read is a frame without a code */ }
  self.postMessage({ id, text });
};
