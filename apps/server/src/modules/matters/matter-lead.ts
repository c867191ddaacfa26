import type { MatterHall } from '@bangban/shared';
import type { OrgTree } from '../organisation/org-tree.ts';

/**
 * Who leads a matter's online help (plan §四(一)): matters hosted in the district administrative service
 * centre are led by that centre; those in the street/town community centres by the civil affairs bureau
 * (区民政局); any other by the owner of the hall that hosts it — the department when it has no hall of its own.
 */
export function leadUnitFor(
  tree: OrgTree,
  matter: { hall: MatterHall; hallUnitId: string | null; departmentId: string },
): string {
  switch (matter.hall) {
    case 'district_center':
      return matter.hallUnitId ?? tree.byTag('district_center')[0]?.id ?? matter.departmentId;
    case 'community_center':
      return tree.byTag('civil_affairs')[0]?.id ?? matter.departmentId;
    case 'other': {
      if (!matter.hallUnitId) return matter.departmentId;
      const hall = tree.get(matter.hallUnitId);
      // A department's own hall is run by that department; a free-standing centre runs itself.
      const owner = hall?.parentId ? tree.get(hall.parentId) : undefined;
      return owner?.kind === 'department' ? owner.id : (hall?.id ?? matter.departmentId);
    }
  }
}
