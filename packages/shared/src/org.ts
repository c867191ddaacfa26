export const ORG_KINDS = ['district', 'department', 'service_center', 'agent_group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

// Tags mark the units the plan names by function; routing and escalation look them up by tag, not by name.
export const ORG_TAGS = ['coordinator', 'civil_affairs', 'district_center', 'community_center'] as const;
export type OrgTag = (typeof ORG_TAGS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  district: '区',
  department: '业务主管部门',
  service_center: '政务服务中心',
  agent_group: '帮办小组',
};

// Which hall hosts a matter decides who leads its online help (plan §四(一)).
export const MATTER_HALLS = ['district_center', 'community_center', 'other'] as const;
export type MatterHall = (typeof MATTER_HALLS)[number];
export const MATTER_HALL_LABELS: Record<MatterHall, string> = {
  district_center: '区行政服务中心',
  community_center: '街镇社区事务受理服务中心',
  other: '其他政务服务大厅',
};

export const MATTER_AUDIENCES = ['personal', 'enterprise', 'both'] as const;
export type MatterAudience = (typeof MATTER_AUDIENCES)[number];
export const MATTER_AUDIENCE_LABELS: Record<MatterAudience, string> = {
  personal: '个人事项',
  enterprise: '企业事项',
  both: '个人和企业',
};
