// Reading a zone's QR label: the camera (BarcodeDetector where the browser has it, else
// jsQR from npm on video frames), or a picture of the label taken with the camera app.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

let jsqr = null;

async function detector() {
  if ('BarcodeDetector' in self) {
    try {
      const formats = await self.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) {
        const d = new self.BarcodeDetector({ formats: ['qr_code'] });
        return async (source) => (await d.detect(source))[0]?.rawValue ?? null;
      }
    } catch { /* fall through to jsQR */ }
  }
  if (!jsqr) {
    await import('/vendor/jsqr/jsQR.js'); // a UMD script: sets self.jsQR
    jsqr = self.jsQR;
  }
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (source) => {
    const w = source.videoWidth ?? source.width;
    const hh = source.videoHeight ?? source.height;
    if (!w || !hh) return null;
    const scale = Math.min(1, 1024 / Math.max(w, hh));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(hh * scale);
    ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return jsqr(img.data, img.width, img.height)?.data ?? null;
  };
}

// The text of the QR code in an image file, or null.
export async function decodeFile(file) {
  const bitmap = await createImageBitmap(file);
  try {
    return await (await detector())(bitmap);
  } finally {
    bitmap.close?.();
  }
}

// A scanner control: calls onCode(text) with what it read.
export function scanner(id, onCode) {
  const status = h('p', { class: 'zhint', 'aria-live': 'polite' });
  const video = h('video', { class: 'zvideo', playsinline: true, muted: true, hidden: true });
  let stream = null;
  const stop = () => {
    stream?.getTracks().forEach((tr) => tr.stop());
    stream = null;
    video.hidden = true;
    delete video.dataset.hold;
  };
  const found = (text) => { stop(); status.textContent = t('z.scanned'); onCode(text); };
  const camera = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    if (!navigator.mediaDevices?.getUserMedia) { status.textContent = t('z.no_camera'); return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      status.textContent = t('z.no_camera');
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    video.dataset.hold = ''; // the shell does not redraw the screen under a live camera
    await video.play();
    const detect = await detector();
    const tick = async () => {
      if (!stream) return;
      const text = await detect(video).catch(() => null);
      if (text) found(text); else setTimeout(tick, 200);
    };
    tick();
  } }, t('z.scan_camera'));
  const file = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id, class: 'zfile',
    onchange: async () => {
      const f = file.files[0];
      file.value = '';
      if (!f) return;
      const text = await decodeFile(f).catch(() => null);
      if (text) found(text); else status.textContent = t('z.no_code');
    } });
  return h('div', { class: 'zscan' }, camera,
    h('label', { for: id, class: 'zfile-label' }, t('z.scan_picture')), file, video, status);
}
