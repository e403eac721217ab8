// The school's records put to use (issue 9): the weekly hygiene bulletin (staff read the
// published ones offline; the admin drafts, edits and publishes) and the official forms
// as PDF. Screens in ../screens/bulletin/.
import { area, lazy } from '../areas.js';
import messages from '../screens/bulletin/messages.js';

area({
  routes: {
    bulletins: lazy(() => import('../screens/bulletin/read.js'), 'bulletinsScreen'),
    bulletin: lazy(() => import('../screens/bulletin/read.js'), 'bulletinScreen'),
    'bulletin-admin': lazy(() => import('../screens/bulletin/edit.js'), 'bulletinAdminScreen'),
    printouts: lazy(() => import('../screens/bulletin/printouts.js'), 'printoutsScreen'),
  },
  // The admin's editor holds typed text; the printouts screen a chosen month and class.
  forms: ['bulletin-admin', 'printouts'],
  nav: () => [{ href: '#/bulletins', label: 'bulletin.nav' }, { href: '#/printouts', label: 'bulletin.nav_printouts' }],
  messages,
});
