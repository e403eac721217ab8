// The gate area's screens, registered with the shell (see ../areas.js): the guard's home,
// visitors (register, decide, enter, sign out, the pass), child pick-up, the roll-call.
import { area } from '../areas.js';
import { callScreen } from '../screens/gate/call.js';
import { GATE } from '../screens/gate/data.js';
import { gateHome } from '../screens/gate/home.js';
import { messages } from '../screens/gate/messages.js';
import { passScreen } from '../screens/gate/pass.js';
import { pickupScreen } from '../screens/gate/pickup.js';
import { pickupChildScreen } from '../screens/gate/pickup_child.js';
import { registerScreen } from '../screens/gate/register.js';
import { rollcallScreen } from '../screens/gate/rollcall.js';
import { visitorsScreen } from '../screens/gate/visitors.js';

area({
  routes: {
    gate: gateHome,
    'visitor-new': registerScreen,
    visitors: visitorsScreen,
    visitor: passScreen,
    'visitor-call': callScreen,
    pickup: pickupScreen,
    'pickup-child': pickupChildScreen,
    rollcall: rollcallScreen,
  },
  forms: ['visitor-new', 'visitor-call', 'pickup-child'],
  nav: (user) => [
    GATE.has(user.role) ? { href: '#/gate', label: 'gate.nav_gate' } : null,
    { href: '#/visitors', label: 'gate.nav_visitors' },
    ['guard', 'admin', 'caregiver'].includes(user.role) ? { href: '#/pickup', label: 'gate.nav_pickup' } : null,
    { href: '#/rollcall', label: 'gate.nav_rollcall' },
  ].filter(Boolean),
  messages,
});
