import type { KbStatus } from '@bangban/shared';
import { stateMachine } from '../../lib/state-machine.ts';

/**
 * The life of a KB entry's working copy. Publishing snapshots it as a new version; a published entry that
 * is edited goes back to draft while its published version keeps answering citizens.
 */
export const ENTRY_TRANSITIONS = {
  edit: { from: ['draft', 'published'], to: 'draft' },
  submit: { from: ['draft'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'published' },
  reject: { from: ['in_review'], to: 'draft' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived' },
  reopen: { from: ['archived'], to: 'draft' },
  rollback: { from: ['draft', 'in_review', 'published'], to: 'published' },
} as const satisfies Record<string, { from: readonly KbStatus[]; to: KbStatus }>;
export type EntryTransition = keyof typeof ENTRY_TRANSITIONS;

const ACTION_LABELS: Record<EntryTransition, string> = {
  edit: '修改',
  submit: '提交审核',
  approve: '审核通过并发布',
  reject: '退回修改',
  archive: '下线',
  reopen: '重新启用',
  rollback: '回滚',
};
const STATUS_LABELS: Record<KbStatus, string> = { draft: '草稿', in_review: '待审核', published: '已发布', archived: '已下线' };

const machine = stateMachine(ENTRY_TRANSITIONS, { actions: ACTION_LABELS, states: STATUS_LABELS, error: 'KB_BAD_TRANSITION' });
export const canTransition = machine.can;
export const transition = machine.apply;
