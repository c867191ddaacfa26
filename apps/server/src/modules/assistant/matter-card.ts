import type { MatterCard } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import type { MatterRow } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrgTree } from '../organisation/org-tree.ts';

type Ctx = Pick<AppContext, 'db' | 'org'>;

/** The columns a card shows. */
export const CARD_COLUMNS = ['id', 'code', 'name', 'department_id', 'source_department', 'location', 'promised_time_limit', 'legal_time_limit', 'materials', 'consult_phone', 'url'] as const;
export type CardRow = Pick<MatterRow, (typeof CARD_COLUMNS)[number]>;

/** The service facts a citizen needs about a matter; the catalogue is public, so nobody's data is in it. */
export function presentMatterCard(row: CardRow, tree: OrgTree): MatterCard {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    department: tree.get(row.department_id)?.name ?? row.source_department ?? '',
    location: row.location,
    promisedTimeLimit: row.promised_time_limit,
    legalTimeLimit: row.legal_time_limit,
    materials: row.materials,
    consultPhone: row.consult_phone,
    url: row.url,
  };
}

export async function findMatter(ctx: Ctx, ref: { id?: string | undefined; code?: string | undefined }): Promise<MatterRow> {
  let q = ctx.db.selectFrom('matters').selectAll();
  if (ref.id) q = q.where('id', '=', ref.id);
  else if (ref.code) q = q.where('code', '=', ref.code);
  else throw new AppError('MATTER_NOT_FOUND');
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('MATTER_NOT_FOUND');
  return row;
}

export async function mattersByIds(ctx: Ctx, ids: readonly string[]): Promise<MatterRow[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('matters').selectAll().where('id', 'in', [...ids]).execute();
  // Keep the entry's own order of linked matters: the first is its main matter.
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is MatterRow => r !== undefined);
}

/** A matter card as the Markdown of an answer, for a question that found the matter itself. */
export function matterCardMarkdown(card: MatterCard): string {
  const lines = [`**${card.name}**`, '', `- 负责部门：${card.department || '（未登记）'}`];
  if (card.location) lines.push(`- 办理地点：${card.location}`);
  if (card.promisedTimeLimit) lines.push(`- 承诺办结时间：${card.promisedTimeLimit}`);
  if (card.legalTimeLimit) lines.push(`- 法定办结时间：${card.legalTimeLimit}`);
  if (card.consultPhone) lines.push(`- 咨询电话：${card.consultPhone}`);
  if (card.materials.length) lines.push('', '需要准备的材料：', ...card.materials.map((m, i) => `${i + 1}. ${m}`));
  if (card.url) lines.push('', `[查看完整办事指南](${card.url})`);
  return lines.join('\n');
}
