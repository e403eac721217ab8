// The school's records put to use (issue 9): the weekly hygiene bulletin (staff read the
// published ones offline; the admin drafts, edits and publishes) and the official forms
// as PDF. Screens in ../screens/bulletin/.
import { area } from '../areas.js';
import { bulletinAdminScreen } from '../screens/bulletin/edit.js';
import messages from '../screens/bulletin/messages.js';
import { printoutsScreen } from '../screens/bulletin/printouts.js';
import { bulletinScreen, bulletinsScreen } from '../screens/bulletin/read.js';

area({
  routes: {
    bulletins: bulletinsScreen,
    bulletin: bulletinScreen,
    'bulletin-admin': bulletinAdminScreen,
    printouts: printoutsScreen,
  },
  // The admin's editor holds typed text; the printouts screen a chosen month and class.
  forms: ['bulletin-admin', 'printouts'],
  nav: () => [{ href: '#/bulletins', label: 'bulletin.nav' }, { href: '#/printouts', label: 'bulletin.nav_printouts' }],
  messages,
});
