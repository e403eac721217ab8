// The gate area's screens, registered with the shell (see ../areas.js): the guard's home,
// visitors (register, decide, enter, sign out, the pass), child pick-up, the roll-call.
import { area, lazy } from '../areas.js';
import { messages } from '../screens/gate/messages.js';
import { GATE } from '../screens/gate/roles.js';

area({
  routes: {
    gate: lazy(() => import('../screens/gate/home.js'), 'gateHome'),
    'visitor-new': lazy(() => import('../screens/gate/register.js'), 'registerScreen'),
    visitors: lazy(() => import('../screens/gate/visitors.js'), 'visitorsScreen'),
    visitor: lazy(() => import('../screens/gate/pass.js'), 'passScreen'),
    'visitor-call': lazy(() => import('../screens/gate/call.js'), 'callScreen'),
    pickup: lazy(() => import('../screens/gate/pickup.js'), 'pickupScreen'),
    'pickup-child': lazy(() => import('../screens/gate/pickup_child.js'), 'pickupChildScreen'),
    rollcall: lazy(() => import('../screens/gate/rollcall.js'), 'rollcallScreen'),
  },
  forms: ['visitor-new', 'visitor-call', 'pickup-child'],
  home: (user) => (user.role === 'guard' ? 'gate' : null),
  nav: (user) => [
    GATE.has(user.role) ? { href: '#/gate', label: 'gate.nav_gate' } : null,
    { href: '#/visitors', label: 'gate.nav_visitors' },
    ['guard', 'admin', 'caregiver'].includes(user.role) ? { href: '#/pickup', label: 'gate.nav_pickup' } : null,
    { href: '#/rollcall', label: 'gate.nav_rollcall' },
  ].filter(Boolean),
  messages,
});
