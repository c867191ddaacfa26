import type { AppContext } from '../../context.ts';
import type { StaffWriteContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { homeDepartment } from '../knowledge/knowledge.policy.ts';
import { createEntry } from '../knowledge/entry.commands.ts';
import { scopedConversation } from './assignment.commands.ts';

type Ctx = Pick<AppContext, 'db' | 'bus' | 'org' | 'clock' | 'calendar'>;

/**
 * "提为知识条目": the agent turns a good answer into a draft KB entry of the department that owns the chat's
 * group, linked to the chat's matter, with the chat as its source. Only a draft: the department's KB operator
 * edits, submits and reviews it like any other; nothing reaches 小申 before it is published.
 */
export async function proposeEntry(ctx: Ctx, wctx: StaffWriteContext, conversationId: string, input: { question: string; answer: string }) {
  const c = await scopedConversation(ctx, wctx.actor, conversationId);
  if (c.agent_id !== wctx.actor.id && c.first_response_by !== wctx.actor.id) throw new AppError('CONVERSATION_NOT_YOURS');
  const departmentId = homeDepartment({ ...wctx.actor, orgUnitId: c.group_id }, ctx.org);
  if (!departmentId) throw new AppError('ORG_UNIT_NOT_FOUND');
  const row = await createEntry(
    ctx,
    wctx,
    { question: input.question, similar: [], answer: input.answer, departmentId, sharing: 'department', matterIds: c.matter_id ? [c.matter_id] : [], relatedIds: [] },
    { source: 'agent_answer', sourceRef: c.id, proposal: true },
  );
  return { entryId: row.id, status: row.status, departmentId: row.department_id };
}
