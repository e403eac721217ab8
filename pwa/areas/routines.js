// The routines area (issue 11): each person's list for now (保育员一日工作流程 and the
// like), drills, the safety responsibility letters; the admin's checklist editor.
import { area } from '../areas.js';
import { drillScreen, drillsScreen } from '../screens/routines/drills.js';
import { letterScreen, lettersScreen } from '../screens/routines/letters.js';
import { routinesScreen } from '../screens/routines/list.js';
import messages from '../screens/routines/messages.js';
import { historyScreen } from '../screens/routines/missed.js';
import { templatesScreen } from '../screens/routines/templates.js';

area({
  routes: {
    routines: routinesScreen,
    drills: drillsScreen,
    drill: drillScreen,
    letters: lettersScreen,
    letter: letterScreen,
    'routine-history': historyScreen,
    'routine-templates': templatesScreen,
  },
  // The list keeps what was typed across a redraw itself; these hold longer forms.
  forms: ['drill', 'drills', 'letter', 'letters', 'routine-templates'],
  nav: () => [{ href: '#/routines', label: 'r.nav' }],
  messages,
});
