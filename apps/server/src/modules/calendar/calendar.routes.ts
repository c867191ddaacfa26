import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BUILTIN_COVERED_YEARS, cstDate } from '@bangban/calendar';
import {
  CalendarDays,
  CalendarNoticeBody,
  CalendarNoticePreview,
  CalendarStatus,
  CalendarDaysQuery,
  CalendarOverride,
  CalendarYears,
  DeclareYearBody,
  OverrideBody,
  ScheduleCheck,
  ScheduleCheckQuery,
} from '@bangban/shared';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { staffOf, writeContext, zod } from '../../lib/http.ts';
import { authorize, can } from '../identity/policy.ts';
import { declareYear, enterNotice, previewNotice, removeOverride, setOverride } from './calendar.commands.ts';

/** From this day of the year on, admins are reminded while next year's notice is not entered. */
const REMIND_FROM_MMDD = '11-01';

const MAX_RANGE_DAYS = 400;

export function calendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = zod(app);
  const tags = ['calendar'];
  const DateParams = z.object({ date: z.string().max(10) });

  r.get('/api/calendar/days', { schema: { tags, summary: '日历：某段日期的工作日/节假日', querystring: CalendarDaysQuery, response: { 200: CalendarDays } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.read');
    const { from, to } = req.query;
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS) {
      throw new AppError('VALIDATION_FAILED', { detail: `一次最多查询 ${MAX_RANGE_DAYS} 天` });
    }
    const cal = ctx.calendar.calendar;
    return { days: cal.listDays(from, to), coveredYears: cal.coveredYears(), can: { update: can(actor, 'calendar.write') } };
  });

  r.get('/api/calendar/years', { schema: { tags, summary: '已录入节假日安排的年份', response: { 200: CalendarYears } } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.read');
    const declared = await ctx.db.selectFrom('calendar_years').selectAll().execute();
    const builtin = new Set<number>(BUILTIN_COVERED_YEARS);
    return {
      years: [
        ...[...builtin].map((year) => ({ year, source: 'builtin' as const, note: '随系统内置（chinese-days 数据包）' })),
        ...declared.filter((d) => !builtin.has(d.year)).map((d) => ({ year: d.year, source: 'admin' as const, note: d.note })),
      ].sort((a, b) => b.year - a.year),
      can: { update: can(actor, 'calendar.write') },
    };
  });

  r.post('/api/calendar/years', { schema: { tags, summary: '声明某年节假日安排已录入', body: DeclareYearBody } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.write');
    await declareYear(ctx, writeContext(req, actor), req.body.year, req.body.note);
    return reply.code(201).send({ year: req.body.year });
  });

  r.get('/api/calendar/status', { schema: { tags, summary: '今年和明年的节假日安排是否已确认，是否提醒管理员录入', response: { 200: CalendarStatus } } }, async (req) => {
    authorize(await staffOf(ctx, req), 'calendar.read');
    const today = cstDate(ctx.clock.now());
    const year = Number(today.slice(0, 4));
    const cal = ctx.calendar.calendar;
    const current = { year, confirmed: cal.isCovered(year) };
    const next = { year: year + 1, confirmed: cal.isCovered(year + 1) };
    const remind = !current.confirmed || (!next.confirmed && today.slice(5) >= REMIND_FROM_MMDD);
    const pending = !current.confirmed ? year : next.year;
    return {
      today,
      currentYear: current,
      nextYear: next,
      remind,
      message: remind
        ? `${pending} 年的节假日安排还没有录入：系统暂按法定节假日推算（不含调休），相关期限都标为“暂定”。国务院办公厅通知发布后，请在“工作日历”中录入。`
        : null,
    };
  });

  r.post('/api/calendar/notices/preview', { schema: { tags, summary: '预览录入某年节假日通知后的变化（日期和已给出的期限）', body: CalendarNoticeBody, response: { 200: CalendarNoticePreview } } }, async (req) => {
    authorize(await staffOf(ctx, req), 'calendar.write');
    return previewNotice(ctx, req.body);
  });

  r.post('/api/calendar/notices', { schema: { tags, summary: '录入国务院办公厅某年节假日安排通知（放假和调休上班日期）', body: CalendarNoticeBody, response: { 201: CalendarNoticePreview } } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.write');
    const result = await enterNotice(ctx, writeContext(req, actor), req.body);
    return reply.code(201).send(result);
  });

  r.get('/api/calendar/overrides', { schema: { tags, summary: '管理员调整过的日期', response: { 200: z.object({ items: z.array(CalendarOverride) }) } } }, async (req) => {
    authorize(await staffOf(ctx, req), 'calendar.read');
    const rows = await ctx.db
      .selectFrom('calendar_overrides')
      .leftJoin('users', 'users.id', 'calendar_overrides.updated_by')
      .select(['date', 'working', 'name', 'calendar_overrides.updated_at', 'users.display_name'])
      .orderBy('date', 'desc')
      .execute();
    return {
      items: rows.map((r) => ({ date: r.date, working: r.working, name: r.name, updatedAt: r.updated_at.toISOString(), updatedBy: r.display_name })),
    };
  });

  r.put('/api/calendar/overrides/:date', { schema: { tags, summary: '调整某天为工作日或休息日', params: DateParams, body: OverrideBody } }, async (req) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.write');
    const row = await setOverride(ctx, writeContext(req, actor), req.params.date, req.body);
    return { date: row.date, working: row.working, name: row.name };
  });

  r.delete('/api/calendar/overrides/:date', { schema: { tags, summary: '取消对某天的调整', params: DateParams } }, async (req, reply) => {
    const actor = await staffOf(ctx, req);
    authorize(actor, 'calendar.write');
    await removeOverride(ctx, writeContext(req, actor), req.params.date);
    return reply.code(204).send();
  });

  r.get('/api/calendar/schedule-check', { schema: { tags, summary: '某帮办小组此刻是否在岗、下次开门时间', querystring: ScheduleCheckQuery, response: { 200: ScheduleCheck } } }, async (req) => {
    authorize(await staffOf(ctx, req), 'calendar.read');
    const group = ctx.org.get(req.query.groupId);
    if (!group) throw new AppError('ORG_UNIT_NOT_FOUND');
    const at = req.query.at ? new Date(req.query.at) : ctx.clock.now();
    const schedule = ctx.calendar.scheduleFor(group.id);
    return {
      at: at.toISOString(),
      open: schedule.isOpen(at),
      nextOpening: schedule.nextOpening(at).toISOString(),
      workingDay: ctx.calendar.calendar.isWorkingDay(cstDate(at)),
    };
  });
}
