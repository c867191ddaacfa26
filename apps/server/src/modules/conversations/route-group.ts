import type { OrgTree } from '../organisation/org-tree.ts';

export type RoutedVia = 'lead' | 'department' | 'answer' | 'coordinator' | 'any';

/** The first agent group directly under a unit, if it has one. */
function groupUnder(tree: OrgTree, unitId: string | null | undefined): string | null {
  if (!unitId) return null;
  return tree.childrenOf(unitId).find((c) => c.kind === 'agent_group')?.id ?? null;
}

/** The coordinator's own group, or the first one of its service centres (区行政服务中心's 帮办组). */
function groupWithin(tree: OrgTree, unitId: string | undefined): string | null {
  if (!unitId) return null;
  return groupUnder(tree, unitId) ?? tree.all().find((n) => n.kind === 'agent_group' && tree.subtree(unitId).has(n.id))?.id ?? null;
}

/**
 * Which agent group takes a request for human help, in order: the group of the unit that leads the matter's
 * online help (matters.lead_unit_id); the group of the matter's owning department; the group of the
 * department 小申's last answer came from (no matter known); the district coordinator's group (区政务服务办);
 * any group at all. Null only when the district has no agent group.
 */
export function routeToGroup(
  tree: OrgTree,
  input: { leadUnitId?: string | null; departmentId?: string | null; answerDepartmentId?: string | null },
): { groupId: string; via: RoutedVia } | null {
  const coordinator = tree.byTag('coordinator')[0]?.id;
  const chain: [RoutedVia, string | null][] = [
    ['lead', groupUnder(tree, input.leadUnitId)],
    ['department', groupUnder(tree, input.departmentId)],
    ['answer', groupUnder(tree, input.answerDepartmentId)],
    ['coordinator', groupWithin(tree, coordinator)],
    ['any', tree.all().find((n) => n.kind === 'agent_group')?.id ?? null],
  ];
  for (const [via, groupId] of chain) if (groupId) return { groupId, via };
  return null;
}
