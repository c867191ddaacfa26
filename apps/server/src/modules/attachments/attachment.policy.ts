import type { AttachmentRow, ConversationRow } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../lib/actor.ts';
import type { OrgTree } from '../organisation/org-tree.ts';
import { can, inScope, orgScope } from '../identity/policy.ts';

export type AttachmentActor = CitizenActor | StaffActor;

/**
 * Who may download an attachment: whoever uploaded it; once a message carries it (row.conversation_id), that
 * conversation's citizen, and staff who work or oversee live help (`conversation.read`) within their org scope.
 * A refusal is answered as "not found", so ids cannot be probed.
 */
export function canReadAttachment(
  actor: AttachmentActor,
  row: AttachmentRow,
  conversation: Pick<ConversationRow, 'citizen_id' | 'group_id'> | undefined,
  org: OrgTree,
): boolean {
  if (actor.kind === 'citizen') {
    if (row.uploaded_by_kind === 'citizen' && row.uploaded_by === actor.citizenId) return true;
    return conversation?.citizen_id === actor.citizenId;
  }
  if (row.uploaded_by_kind === 'staff' && row.uploaded_by === actor.id) return true;
  return !!conversation && can(actor, 'conversation.read') && inScope(orgScope(actor, org), conversation.group_id);
}
