// The admin area's screens, registered with the shell (see ../areas.js).
import { area } from '../areas.js';

area({});
