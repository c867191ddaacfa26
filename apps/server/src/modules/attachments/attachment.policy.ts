import type { AttachmentRow } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../lib/actor.ts';
import { can } from '../identity/policy.ts';

export type AttachmentActor = CitizenActor | StaffActor;

/**
 * Who may download an attachment. Today: whoever uploaded it, and staff who work or oversee live help
 * (`conversation.read`). Conversations will extend this one function: once a message carries an
 * attachment (row.conversation_id), the citizen and the agent of that conversation may read it too.
 * A refusal is answered as "not found", so ids cannot be probed.
 */
export function canReadAttachment(actor: AttachmentActor, row: AttachmentRow): boolean {
  if (actor.kind === 'citizen') return row.uploaded_by_kind === 'citizen' && row.uploaded_by === actor.citizenId;
  if (row.uploaded_by_kind === 'staff' && row.uploaded_by === actor.id) return true;
  return can(actor, 'conversation.read');
}
