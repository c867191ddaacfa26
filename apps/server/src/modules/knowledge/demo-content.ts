// The demo district's sample content (apps/server/seed/SOURCE.md): KB entries imported under an external id
// beginning `demo-` and matters coded `DEMO-…`. Citizens and KB operators see it marked as sample wording,
// because a real district answers from its own official guides.

export const DEMO_ENTRY_PREFIX = 'demo-';
export const DEMO_MATTER_PREFIX = 'DEMO-';

export const isDemoEntry = (externalId: string | null | undefined): boolean => !!externalId?.startsWith(DEMO_ENTRY_PREFIX);

export const isDemoMatter = (code: string | null | undefined): boolean => !!code?.startsWith(DEMO_MATTER_PREFIX);
