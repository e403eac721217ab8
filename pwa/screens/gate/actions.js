// What happens to a visitor, each a mutation written with the visitor's new local state in
// one transaction: decided (by the host on the app, or by the guard for a host who said so
// on the phone), entered, signed out. The server may still refuse (a block-list visitor
// allowed by someone but the admin): the rejected screen then shows its reason, and the
// next pull puts the server's state back.
import { announce } from '../../dom.js';
import { t } from '../../i18n.js';
import { afterSave } from '../../sync.js';
import { deviceTime } from '../../time.js';
import { save } from './data.js';

export async function decide(user, v, allow, how = 'app', decidedFor = null) {
  const args = { visitor_id: v.id, allow, how };
  if (how === 'phone_call') args.decided_for = decidedFor;
  await save(user, 'visitor.decide', args, { ...v, status: allow ? 'allowed' : 'refused',
    decided_by: user.id, decided_at: deviceTime(), decided_for: args.decided_for ?? null,
    decided_how: v.blocked && allow ? 'admin' : how });
  announce(t(allow ? 'gate.allowed_done' : 'gate.refused_done', { name: v.name }));
  afterSave();
}

export async function enter(user, v) {
  await save(user, 'visitor.enter', { visitor_id: v.id }, { ...v, status: 'entered', entered_at: deviceTime() });
  announce(t('gate.entered_done', { name: v.name }));
  afterSave();
}

export async function leave(user, v) {
  await save(user, 'visitor.leave', { visitor_id: v.id }, { ...v, status: 'left', left_at: deviceTime() });
  announce(t('gate.left_done', { name: v.name }));
  afterSave();
}
