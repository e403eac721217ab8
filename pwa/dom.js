// A tiny element builder: h('button', { class: 'big', onclick }, 'text', child, ...).
// Text is always set as text (never HTML): names come from the server and from people.
import { t } from './i18n.js';

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

// A record the server refused (outbox.js settle marks it `refused`, its mutation's id) is
// not done: wherever it is listed or counted it shows as this chip, the way to the rejected
// list where the change is fixed and sent again, or discarded. `text` says what it was.
export function refusedChip(record, text = t('refused'), attrs = {}) {
  return h('a', { class: 'chip bad', href: `#/rejected?id=${record.refused}`, 'data-refused': record.refused, ...attrs },
    text);
}

// One tap, one action: wraps an event handler that saves (an IndexedDB write, a request)
// so that a second tap, however fast, does nothing. From the tap until the handler is done
// the buttons of its form (a submit, or a button inside a form), of the nearest element
// marked data-one-tap (a row of buttons that do one thing each, only one of which may be
// done) or else the tapped button are disabled; a second event meanwhile is dropped (and
// its default, a form's page load, prevented). They are enabled again when the handler
// ends on the same screen; one that moved to another route leaves them disabled until that
// screen replaces this one (the hashchange draws it a moment later). The handler runs at
// once, so it may still call preventDefault() itself. The button that has the focus is
// only marked aria-disabled: Chromium moves the focus of a disabled button to the page,
// and a redraw could then not give it back (app.js keeps it by data-focus).
const working = new WeakSet();

export function oneTap(run) {
  return async function tapped(e) {
    const el = e.currentTarget;
    const scope = el.closest?.('form, [data-one-tap]') ?? el;
    if (working.has(scope)) { e.preventDefault(); return undefined; }
    working.add(scope);
    const buttons = (scope instanceof HTMLButtonElement ? [scope] : [...scope.querySelectorAll('button')])
      .filter((b) => !b.disabled);
    const focused = buttons.find((b) => b === document.activeElement);
    buttons.forEach((b) => { if (b === focused) b.setAttribute('aria-disabled', 'true'); else b.disabled = true; });
    const at = location.hash;
    let moved = false;
    try {
      const out = await run.call(this, e);
      moved = location.hash !== at;
      return out;
    } finally {
      if (!moved) {
        working.delete(scope);
        buttons.forEach((b) => { b.disabled = false; });
        focused?.removeAttribute('aria-disabled');
      }
    }
  };
}
