// Names of everything a caller may do. The server's policy table (apps/server/src/modules/identity/policy.ts)
// decides who holds each; responses carry the result so the UI never re-derives it.
export const PERMISSIONS = [
  'org.read',
  'org.write',
  'matter.read',
  'matter.write',
  'matter.import',
  'matter.export',
  'calendar.read',
  'calendar.write',
  'user.read',
  'user.write',
  'audit.read',
  'kb.read',
  'kb.write',
  'kb.review',
  'kb.import',
  'kb.export',
  'kb.gaps',
  'assistant.metrics',
  'citizen.read',
  'citizen.viewPii',
  'conversation.read',
  'conversation.work',
  'conversation.transfer',
  'conversation.metrics',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
