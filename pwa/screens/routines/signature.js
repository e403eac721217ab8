// A signature pad: drawn with a finger, a stylus or a mouse (pointer events) on a canvas,
// kept as compact SVG path data ("M x y L x y …", whole pixels), shown back as an SVG.
import { h } from '../../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

export function signaturePad(label) {
  const canvas = h('canvas', { class: 'sigpad', width: 320, height: 160, 'aria-label': label, role: 'img',
    'data-testid': 'signature-pad' });
  const ctx = canvas.getContext('2d');
  ctx.lineWidth = 2.5;
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#111';
  const parts = [];
  let drawing = false;
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [Math.round(((e.clientX - r.left) * canvas.width) / r.width),
      Math.round(((e.clientY - r.top) * canvas.height) / r.height)];
  };
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture?.(e.pointerId);
    drawing = true;
    const [x, y] = at(e);
    parts.push(`M${x} ${y}`);
    ctx.beginPath();
    ctx.moveTo(x, y);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const [x, y] = at(e);
    parts.push(`L${x} ${y}`);
    ctx.lineTo(x, y);
    ctx.stroke();
  });
  const stop = () => { drawing = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  return {
    canvas,
    // Only strokes with a line in them count: a tap is not a signature.
    path: () => (parts.some((p) => p.startsWith('L')) ? parts.join('') : ''),
    clear: () => { parts.length = 0; ctx.clearRect(0, 0, canvas.width, canvas.height); },
  };
}

export function signatureImage(strokes, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 320 160');
  svg.setAttribute('class', 'sigimg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', strokes);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', '#111');
  path.setAttribute('stroke-width', '2.5');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}
