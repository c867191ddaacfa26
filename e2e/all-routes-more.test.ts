import { defineAllRoutes } from './support/all-routes-suite.ts';

// Every page right on a phone and accessible, part 2: the staff roles kb, leader, center and hotline on
// every route they may see, at 360 px and 1366 px (part 1 is all-routes.test.ts).
defineAllRoutes({ roles: ['kb', 'leader', 'center', 'hotline'], citizen: false });
