import type { Matter, MatterAudience, MatterHall, MatterSummary } from '@bangban/shared';
import type { MatterRow } from '../../db/schema.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

function unitRef(tree: OrgTree, id: string) {
  return { id, name: tree.get(id)?.name ?? '（已删除的机构）' };
}

export function presentMatterSummary(row: MatterRow, tree: OrgTree): MatterSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    type: row.type,
    audience: row.audience as MatterAudience,
    department: unitRef(tree, row.department_id),
    hall: row.hall as MatterHall,
    leadUnit: unitRef(tree, row.lead_unit_id),
    topRank: row.top_rank,
    topBatch: row.top_batch,
    promisedTimeLimit: row.promised_time_limit,
  };
}

export function presentMatter(row: MatterRow, tree: OrgTree, can: Matter['can']): Matter {
  return {
    ...presentMatterSummary(row, tree),
    hallUnit: row.hall_unit_id ? unitRef(tree, row.hall_unit_id) : null,
    area: row.area,
    serviceObjects: row.service_objects,
    themes: row.themes,
    location: row.location,
    legalTimeLimit: row.legal_time_limit,
    consultPhone: row.consult_phone,
    complainPhone: row.complain_phone,
    materials: row.materials,
    acceptStandard: row.accept_standard,
    url: row.url,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    can,
  };
}

/** The interchange shape (JSONL and CSV): the catalogue file's own field names, plus our routing fields. */
export function toInterchange(row: MatterRow, tree: OrgTree) {
  return {
    code: row.code,
    name: row.name,
    department: tree.get(row.department_id)?.name ?? row.source_department ?? '',
    area: row.area,
    type: row.type,
    audience: row.audience,
    serviceObjects: row.service_objects,
    themes: row.themes,
    location: row.location,
    legalTimeLimit: row.legal_time_limit,
    promisedTimeLimit: row.promised_time_limit,
    consultPhone: row.consult_phone,
    complainPhone: row.complain_phone,
    materials: row.materials,
    acceptStandard: row.accept_standard,
    url: row.url,
    hall: row.hall,
    hallUnit: row.hall_unit_id ? (tree.get(row.hall_unit_id)?.name ?? null) : null,
    topRank: row.top_rank,
    topBatch: row.top_batch,
  };
}
export type MatterInterchange = ReturnType<typeof toInterchange>;
