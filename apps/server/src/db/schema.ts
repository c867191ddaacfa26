import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Row types, as stored. Domain types and API output live in the modules and in @bangban/shared.
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** jsonb: read as the parsed value, written as a JSON string (pg would turn a JS array into a SQL array). */
export type Json<T> = ColumnType<T, string, string>;

export interface OrgUnitTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: 'district' | 'department' | 'service_center' | 'agent_group';
  name: string;
  code: string | null;
  tags: Json<string[]>;
  working_hours: Json<{ periods: { start: string; end: string }[] } | null>;
  max_concurrent_chats: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  org_unit_id: string;
  phone: string | null;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  /** The next sign-in must set a new password first (demo accounts); every other API call is refused meanwhile. */
  must_change_password: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  idle_expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface CitizenTable {
  id: Generated<string>;
  token_hash: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  verified_at: Date | null;
  sso_provider: string | null;
  sso_subject: string | null;
  real_name: string | null;
  id_number: string | null;
  phone: string | null;
}

export interface SsoStateTable {
  state: string;
  citizen_id: string;
  provider: string;
  expires_at: Date;
}

export interface MatterTable {
  id: Generated<string>;
  code: string;
  name: string;
  type: string;
  audience: 'personal' | 'enterprise' | 'both';
  department_id: string;
  source_department: string | null;
  hall: 'district_center' | 'community_center' | 'other';
  hall_unit_id: string | null;
  lead_unit_id: string;
  top_rank: number | null;
  top_batch: number | null;
  area: string | null;
  service_objects: Json<string[]>;
  themes: Json<string[]>;
  location: string | null;
  legal_time_limit: string | null;
  promised_time_limit: string | null;
  consult_phone: string | null;
  complain_phone: string | null;
  materials: Json<string[]>;
  accept_standard: string | null;
  url: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CalendarOverrideTable {
  date: string;
  working: boolean;
  name: string | null;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface CalendarYearTable {
  year: number;
  note: string | null;
  declared_by: string | null;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: CreatedAt;
  action: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  org_unit_id: string | null;
  subject_type: string;
  subject_id: string | null;
  summary: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  ip: string | null;
  request_id: string | null;
}

export type KbStatus = 'draft' | 'in_review' | 'published' | 'archived';

export interface KbEntryTable {
  id: Generated<string>;
  department_id: string;
  sharing: 'department' | 'district';
  status: KbStatus;
  question: string;
  similar: Json<string[]>;
  answer: string;
  effective_from: string | null;
  expires_on: string | null;
  source: 'manual' | 'import' | 'agent_answer' | 'gap';
  source_ref: string | null;
  external_id: string | null;
  published_version: number | null;
  review_note: string | null;
  submitted_by: string | null;
  reviewed_by: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface KbEntryMatterTable {
  entry_id: string;
  matter_id: string;
}

export interface KbEntryRelatedTable {
  entry_id: string;
  related_id: string;
}

export interface KbEntryVersionTable {
  entry_id: string;
  version: number;
  question: string;
  similar: Json<string[]>;
  answer: string;
  matter_ids: Json<string[]>;
  effective_from: string | null;
  expires_on: string | null;
  published_by: string | null;
  published_at: CreatedAt;
  note: string | null;
}

export interface KbGapTable {
  id: Generated<string>;
  question: string;
  normalized: string;
  matter_id: string | null;
  department_id: string | null;
  source: 'no_match' | 'not_solved' | 'agent';
  status: 'open' | 'answered' | 'dismissed';
  occurrences: Generated<number>;
  first_session_id: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  /** Null while the calendar lacks the year (the admin must enter it): never a guessed deadline. */
  due_at: Date | null;
  answered_entry_id: string | null;
  answered_at: Date | null;
  closed_by: string | null;
  dismiss_reason: string | null;
}

export interface AssistantSessionTable {
  id: Generated<string>;
  citizen_id: string;
  channel: 'widget' | 'page';
  matter_id: string | null;
  page_url: string | null;
  started_at: CreatedAt;
  last_activity_at: Date;
  ended_at: Date | null;
  question_count: Generated<number>;
  human_requested_at: Date | null;
}

export interface AssistantTurnTable {
  id: Generated<string>;
  session_id: string;
  seq: number;
  question: string;
  intent: string;
  outcome: 'answer' | 'suggest' | 'none' | 'scope' | 'smalltalk';
  entry_id: string | null;
  entry_version: number | null;
  matter_id: string | null;
  department_id: string | null;
  confidence: number | null;
  candidates: Json<unknown[]>;
  reply: string;
  feedback: 'solved' | 'not_solved' | null;
  feedback_at: Date | null;
  latency_ms: number | null;
  created_at: CreatedAt;
}

/** Failed sign-ins with unknown user names, per client IP and 15-minute window (a bounded sample of the names). */
export interface LoginUnknownWindowTable {
  ip: string;
  window_start: Date;
  attempts: number;
  first_seen_at: Date;
  last_seen_at: Date;
  sample_names: ColumnType<string[], string, string>;
}

export interface Database {
  org_units: OrgUnitTable;
  users: UserTable;
  sessions: SessionTable;
  citizens: CitizenTable;
  sso_states: SsoStateTable;
  matters: MatterTable;
  calendar_overrides: CalendarOverrideTable;
  calendar_years: CalendarYearTable;
  audit_events: AuditEventTable;
  login_unknown_windows: LoginUnknownWindowTable;
  kb_entries: KbEntryTable;
  kb_entry_matters: KbEntryMatterTable;
  kb_entry_related: KbEntryRelatedTable;
  kb_entry_versions: KbEntryVersionTable;
  kb_gaps: KbGapTable;
  assistant_sessions: AssistantSessionTable;
  assistant_turns: AssistantTurnTable;
  conversations: ConversationTable;
  conversation_messages: ConversationMessageTable;
  conversation_notes: ConversationNoteTable;
  canned_answers: CannedAnswerTable;
  agent_status: AgentStatusTable;
  attachments: AttachmentTable;
  ratings: RatingTable;
  rating_follow_ups: RatingFollowUpTable;
}

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type MatterRow = Selectable<MatterTable>;
export type NewMatterRow = Insertable<MatterTable>;
export type MatterUpdate = Updateable<MatterTable>;
export type CitizenRow = Selectable<CitizenTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type KbEntryRow = Selectable<KbEntryTable>;
export type KbEntryVersionRow = Selectable<KbEntryVersionTable>;
export type KbGapRow = Selectable<KbGapTable>;
export type AssistantSessionRow = Selectable<AssistantSessionTable>;
export type AssistantTurnRow = Selectable<AssistantTurnTable>;

export type ConversationStatus = 'ticket' | 'queued' | 'assigned' | 'closed';

export interface ConversationTable {
  id: Generated<string>;
  queue_no: Generated<number>;
  citizen_id: string;
  assistant_session_id: string | null;
  matter_id: string | null;
  group_id: string;
  routed_via: 'lead' | 'department' | 'answer' | 'coordinator' | 'any';
  status: ConversationStatus;
  question: string | null;
  contact: string | null;
  agent_id: string | null;
  requested_at: Date;
  /** DOMAIN.md first-response clock start: queued_at, or the next opening; null while the calendar can't tell. */
  sla_start_at: Date | null;
  queue_since: Date | null;
  /** 1 = re-queued after its agent dropped: served before new arrivals. */
  queue_priority: Generated<number>;
  assigned_at: Date | null;
  first_response_at: Date | null;
  first_response_by: string | null;
  last_seq: Generated<number>;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: 'resolved' | 'unresolved' | null;
  close_reason: string | null;
  contested_at: Date | null;
  contest_reason: string | null;
  /** When the group's supervisors were alerted that the first response nears 60 s (once per chat). */
  alerted_at: Generated<Date | null>;
  /** How far each side has read (read receipts and unread counts that survive a reload or another device). */
  citizen_read_seq: Generated<number>;
  agent_read_seq: Generated<number>;
}

export interface ConversationMessageTable {
  id: Generated<string>;
  conversation_id: string;
  seq: number;
  sender: 'citizen' | 'agent' | 'bot' | 'system';
  author_id: string | null;
  client_id: string | null;
  body: string;
  attachment_id: Generated<string | null>;
  created_at: Date;
}

export interface ConversationNoteTable {
  id: Generated<string>;
  conversation_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

export interface CannedAnswerTable {
  id: Generated<string>;
  org_unit_id: string;
  title: string;
  body: string;
  shortcut: string | null;
  updated_by: string | null;
  updated_at: Date;
}

export interface AgentStatusTable {
  user_id: string;
  group_id: string;
  status: 'online' | 'busy' | 'away' | 'offline';
  max_chats: number | null;
  last_assigned_at: Date | null;
  updated_at: Date;
  /** Last heartbeat of the agent's desk socket; null until a desk connected. */
  last_seen_at: Generated<Date | null>;
}

export type ConversationRow = Selectable<ConversationTable>;
export type ConversationMessageRow = Selectable<ConversationMessageTable>;
export type CannedAnswerRow = Selectable<CannedAnswerTable>;
export type AgentStatusRow = Selectable<AgentStatusTable>;

export interface AttachmentTable {
  /** Chosen by the server before the blob is stored, so the storage key can derive from it. */
  id: string;
  kind: 'image' | 'voice' | 'file';
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  original_name: string;
  uploaded_by_kind: 'citizen' | 'staff';
  uploaded_by: string;
  /** No foreign key yet (see 0004-attachments). */
  conversation_id: string | null;
  created_at: CreatedAt;
}

export type AttachmentRow = Selectable<AttachmentTable>;

export type BadRatingReasonCode = 'not_solved' | 'slow' | 'attitude' | 'unclear' | 'inaccurate' | 'hard_to_use' | 'other';

export interface RatingTable {
  id: Generated<string>;
  conversation_id: string;
  /** Attribution at rating time: the agent who closed the chat, its group and that group's department. */
  agent_id: string | null;
  group_id: string;
  department_id: string | null;
  overall: number;
  efficiency: number | null;
  guide_accuracy: number | null;
  convenience: number | null;
  ease_of_use: number | null;
  reason: BadRatingReasonCode | null;
  reason_text: string | null;
  comment: string | null;
  rated_at: Date;
  revised_at: Date | null;
}

export type FollowUpStatusCode = 'open' | 'called_back' | 'rectified' | 'closed' | 'dismissed' | 'withdrawn';

export interface RatingFollowUpTable {
  id: Generated<string>;
  rating_id: string;
  status: FollowUpStatusCode;
  /** 15 working days after the bad rating; null while the calendar lacks that year. */
  due_at: Date | null;
  call_back_note: string | null;
  called_back_at: Date | null;
  called_back_by: string | null;
  rectification: string | null;
  rectified_at: Date | null;
  rectified_by: string | null;
  close_note: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  dismiss_reason: string | null;
  dismissed_at: Date | null;
  dismissed_by: string | null;
  created_at: Date;
}

export type RatingRow = Selectable<RatingTable>;
export type RatingFollowUpRow = Selectable<RatingFollowUpTable>;
