// The routines area (issue 11): each person's list for now (保育员一日工作流程 and the
// like), drills, the safety responsibility letters; the admin's checklist editor.
import { area, lazy } from '../areas.js';
import messages from '../screens/routines/messages.js';

area({
  routes: {
    routines: lazy(() => import('../screens/routines/list.js'), 'routinesScreen'),
    drills: lazy(() => import('../screens/routines/drills.js'), 'drillsScreen'),
    drill: lazy(() => import('../screens/routines/drills.js'), 'drillScreen'),
    letters: lazy(() => import('../screens/routines/letters.js'), 'lettersScreen'),
    letter: lazy(() => import('../screens/routines/letters.js'), 'letterScreen'),
    'routine-history': lazy(() => import('../screens/routines/missed.js'), 'historyScreen'),
    'routine-templates': lazy(() => import('../screens/routines/templates.js'), 'templatesScreen'),
  },
  // The list keeps what was typed across a redraw itself; these hold longer forms.
  forms: ['drill', 'drills', 'letter', 'letters', 'routine-templates'],
  nav: () => [{ href: '#/routines', label: 'r.nav' }],
  messages,
});
