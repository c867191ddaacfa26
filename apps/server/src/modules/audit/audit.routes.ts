import type { FastifyInstance } from 'fastify';
import { AuditList, AuditQuery } from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { staffOf, zod } from '../../lib/http.ts';
import { authorize, orgScope } from '../identity/policy.ts';
import { escapeLike } from '../../lib/sql.ts';


export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  r.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志检索', querystring: AuditQuery, response: { 200: AuditList } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'audit.read');
    const f = req.query;
    let q = ctx.db.selectFrom('audit_events');
    const scope = orgScope(actor, ctx.org);
    if (scope !== 'all') q = q.where('org_unit_id', 'in', [...scope]);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.action) q = q.where('action', 'like', `${escapeLike(f.action)}%`);
    if (f.subjectType) q = q.where('subject_type', '=', f.subjectType);
    if (f.subjectId) q = q.where('subject_id', '=', f.subjectId);
    if (f.from) q = q.where('occurred_at', '>=', new Date(f.from));
    if (f.to) q = q.where('occurred_at', '<', new Date(f.to));
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb('summary', 'ilike', like), eb('actor_name', 'ilike', like), eb('subject_id', 'ilike', like)]));
    }
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        action: row.action,
        actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
        orgUnit: row.org_unit_id ? { id: row.org_unit_id, name: ctx.org.get(row.org_unit_id)?.name ?? '' } : null,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        summary: row.summary,
        before: row.before,
        after: row.after,
        ip: row.ip,
      })),
      total: Number(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}
