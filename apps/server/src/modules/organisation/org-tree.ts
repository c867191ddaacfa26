import type { OrgKind, OrgTag } from '@bangban/shared';
import type { Db } from '../../db/database.ts';

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
  code: string | null;
  tags: OrgTag[];
  workingHours: { periods: { start: string; end: string }[] } | null;
  maxConcurrentChats: number | null;
}

/**
 * The organisation tree, held in memory: it is small (a district has well under a thousand units) and read
 * on every scoped lookup. Reloaded after any org write (see organisation.commands.ts).
 */
export class OrgTree {
  private nodes = new Map<string, OrgNode>();
  private children = new Map<string, string[]>();

  constructor(private readonly db: Db) {}

  async reload(): Promise<void> {
    const rows = await this.db.selectFrom('org_units').selectAll().orderBy('created_at').orderBy('name').execute();
    this.nodes.clear();
    this.children.clear();
    for (const r of rows) {
      this.nodes.set(r.id, {
        id: r.id,
        parentId: r.parent_id,
        kind: r.kind,
        name: r.name,
        code: r.code,
        tags: r.tags as OrgTag[],
        workingHours: r.working_hours,
        maxConcurrentChats: r.max_concurrent_chats,
      });
      if (r.parent_id) this.children.set(r.parent_id, [...(this.children.get(r.parent_id) ?? []), r.id]);
    }
  }

  get(id: string): OrgNode | undefined {
    return this.nodes.get(id);
  }

  all(): OrgNode[] {
    return [...this.nodes.values()];
  }

  root(): OrgNode | undefined {
    return this.all().find((n) => n.parentId === null);
  }

  childrenOf(id: string): OrgNode[] {
    return (this.children.get(id) ?? []).map((c) => this.nodes.get(c)!);
  }

  /** The unit and everything below it. */
  subtree(id: string): Set<string> {
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (out.has(cur)) continue;
      out.add(cur);
      stack.push(...(this.children.get(cur) ?? []));
    }
    return out;
  }

  ancestors(id: string): OrgNode[] {
    const out: OrgNode[] = [];
    let cur = this.nodes.get(id);
    while (cur?.parentId) {
      cur = this.nodes.get(cur.parentId);
      if (cur) out.push(cur);
    }
    return out;
  }

  /** The department or service centre a unit belongs to (an agent group belongs to its parent's unit). */
  owningUnit(id: string): OrgNode | undefined {
    const node = this.nodes.get(id);
    if (!node) return undefined;
    if (node.kind === 'department' || node.kind === 'service_center' || node.kind === 'district') return node;
    return this.ancestors(id).find((a) => a.kind !== 'agent_group');
  }

  byTag(tag: OrgTag): OrgNode[] {
    return this.all().filter((n) => n.tags.includes(tag));
  }

  findByName(name: string, kinds?: OrgKind[]): OrgNode | undefined {
    return this.all().find((n) => n.name === name && (!kinds || kinds.includes(n.kind)));
  }
}
