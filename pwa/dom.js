// A tiny element builder: h('button', { class: 'big', onclick }, 'text', child, ...).
// Text is always set as text (never HTML): names come from the server and from people.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function mount(target, ...nodes) {
  target.replaceChildren(...nodes.flat().filter(Boolean));
}

// Announce to screen readers (an aria-live region in index.html).
export function announce(text) {
  const live = document.getElementById('live');
  if (live) live.textContent = text;
}

export const $ = (sel, root = document) => root.querySelector(sel);
