// Roles of DOMAIN.md. `citizen` never has a staff account; `hotline` is the 12345 system's service account.
export const STAFF_ROLES = ['admin', 'coordinator', 'agent', 'kb_operator', 'leader', 'center_staff', 'hotline'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'citizen';

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '平台管理员', en: 'Platform admin' },
  coordinator: { zh: '区政务服务办协调员', en: 'District coordinator' },
  agent: { zh: '线上人工帮办', en: 'Help agent' },
  kb_operator: { zh: '知识库运营专员', en: 'KB operator' },
  leader: { zh: '领导干部', en: 'Leader' },
  center_staff: { zh: '服务中心工作人员', en: 'Service-centre staff' },
  hotline: { zh: '12345 热线对接账号', en: '12345 hotline system' },
  citizen: { zh: '企业群众', en: 'Citizen' },
};
