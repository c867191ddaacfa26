import { ORG_KINDS, type OrgKind, type OrgUnit } from '@bangban/shared';

export interface OrgNode {
  unit: OrgUnit;
  children: OrgNode[];
}

const KIND_LEVEL: Record<OrgKind, number> = { district: 0, department: 1, service_center: 2, agent_group: 3 };

/** Kinds that may sit under a parent: anything lower in district → department → centre → group. */
export function childKinds(parent: OrgKind): OrgKind[] {
  return ORG_KINDS.filter((k) => KIND_LEVEL[k] > KIND_LEVEL[parent]);
}

export function defaultChildKind(parent: OrgKind): OrgKind | undefined {
  return childKinds(parent)[0];
}

/** Builds the tree from the flat list (units whose parent is missing become roots). */
export function buildOrgTree(items: OrgUnit[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>(items.map((u) => [u.id, { unit: u, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgNode[]) => {
    list.sort(
      (a, b) => KIND_LEVEL[a.unit.kind] - KIND_LEVEL[b.unit.kind] || a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
    );
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Ids of a unit and everything below it. */
export function descendantIds(items: OrgUnit[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of items) {
      if (u.parentId && result.has(u.parentId) && !result.has(u.id)) {
        result.add(u.id);
        grew = true;
      }
    }
  }
  return result;
}

/** Names from the root down to the unit, e.g. 示例区 / 区民政局. */
export function orgPath(items: OrgUnit[], id: string): string[] {
  const byId = new Map(items.map((u) => [u.id, u]));
  const path: string[] = [];
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** Keeps nodes whose name contains the text, plus their ancestors. */
export function filterOrgTree(nodes: OrgNode[], text: string): OrgNode[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return nodes;
  const out: OrgNode[] = [];
  for (const node of nodes) {
    const children = filterOrgTree(node.children, needle);
    if (node.unit.name.toLowerCase().includes(needle) || (node.unit.code ?? '').toLowerCase().includes(needle) || children.length) {
      out.push({ unit: node.unit, children });
    }
  }
  return out;
}
