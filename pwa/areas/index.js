// Every area of the app, loaded once at start (each registers itself in ../areas.js).
import './health.js';
import './gate.js';
import './zones.js';
import './routines.js';
import './admin.js';
import './reports.js';
import './bulletin.js';
