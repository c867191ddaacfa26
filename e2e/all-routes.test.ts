import { defineAllRoutes } from './support/all-routes-suite.ts';

// Every page right on a phone and accessible, part 1: the citizen pages (also in elder mode), the live chat,
// the keyboard checks, the route table's coverage, and the staff roles admin, coordinator and agent at
// 360 px and 1366 px. Part 2 (all-routes-more.test.ts) has the other roles, so the two can run in parallel.
defineAllRoutes({ roles: ['admin', 'coordinator', 'agent'], citizen: true });
