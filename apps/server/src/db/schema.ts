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
}

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type MatterRow = Selectable<MatterTable>;
export type NewMatterRow = Insertable<MatterTable>;
export type MatterUpdate = Updateable<MatterTable>;
export type CitizenRow = Selectable<CitizenTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
