import type { KbEntry, KbEntrySummary, KbEntryVersion } from '@bangban/shared';
import type { KbEntryRow, KbEntryVersionRow } from '../../db/schema.ts';
import type { StaffActor } from '../../lib/actor.ts';
import type { OrgTree } from '../organisation/org-tree.ts';
import { isDemoEntry } from './demo-content.ts';
import { canTransition } from './entry-state.ts';
import { canReviewEntry, canWriteEntry } from './knowledge.policy.ts';

export interface EntryLinks {
  matters: { id: string; name: string }[];
  related: { id: string; question: string }[];
  names: Map<string, string>;
}

export function presentEntrySummary(row: KbEntryRow, tree: OrgTree, matters: { id: string; name: string }[]): KbEntrySummary {
  return {
    id: row.id,
    question: row.question,
    status: row.status,
    sharing: row.sharing,
    department: { id: row.department_id, name: tree.get(row.department_id)?.name ?? '' },
    matters,
    publishedVersion: row.published_version,
    hasUnpublishedChanges: row.published_version !== null && (row.status === 'draft' || row.status === 'in_review'),
    effectiveFrom: row.effective_from,
    expiresOn: row.expires_on,
    source: row.source,
    demo: isDemoEntry(row.external_id),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentEntry(row: KbEntryRow, tree: OrgTree, actor: StaffActor, links: EntryLinks): KbEntry {
  const write = canWriteEntry(actor, tree, row);
  const review = canReviewEntry(actor, tree, row);
  return {
    ...presentEntrySummary(row, tree, links.matters),
    similar: row.similar,
    answer: row.answer,
    related: links.related,
    citation: row.source === 'import' ? row.source_ref : null,
    reviewNote: row.review_note,
    submittedBy: row.submitted_by ? (links.names.get(row.submitted_by) ?? null) : null,
    reviewedBy: row.reviewed_by ? (links.names.get(row.reviewed_by) ?? null) : null,
    createdAt: row.created_at.toISOString(),
    can: {
      update: write && canTransition(row.status, 'edit'),
      submit: write && canTransition(row.status, 'submit'),
      review: review && canTransition(row.status, 'approve'),
      archive: review && canTransition(row.status, 'archive'),
      reopen: review && canTransition(row.status, 'reopen'),
      rollback: review && row.published_version !== null && canTransition(row.status, 'rollback'),
    },
  };
}

export function presentVersion(v: KbEntryVersionRow, names: Map<string, string>): KbEntryVersion {
  return {
    version: v.version,
    question: v.question,
    similar: v.similar,
    answer: v.answer,
    matterIds: v.matter_ids,
    effectiveFrom: v.effective_from,
    expiresOn: v.expires_on,
    publishedAt: v.published_at.toISOString(),
    publishedBy: v.published_by ? (names.get(v.published_by) ?? null) : null,
    note: v.note,
  };
}
