import { existsSync } from 'node:fs';
import { buildApp } from './app.ts';
import { createRuntime } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config/env.ts';
import { DataDirInUseError } from './db/database.ts';
import { loadScopeModel } from './modules/assistant/assistant-replies.ts';
import { startQueueTicker } from './modules/conversations/queue-ticker.ts';
import { DEMO_USERS, isSeeded, seedDemoDistrict } from './seed/demo-district.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  let runtime;
  try {
    runtime = await createRuntime(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(err.message);
      process.exit(75);
    }
    throw err;
  }
  const { ctx } = runtime;
  const fresh = !(await isSeeded(ctx));
  if (config.seedDemo && fresh) {
    console.log('首次启动：正在写入演示区数据（组织机构、2,262 个事项、演示账号）…');
    const started = Date.now();
    ctx.knowledge.pause();
    await seedDemoDistrict(ctx, config.demoPassword, { exampleKb: config.seedExampleKb });
    await ctx.knowledge.resume();
    console.log(`演示数据已写入（${((Date.now() - started) / 1000).toFixed(1)} 秒）。`);
  }
  loadScopeModel();
  const app = await buildApp(ctx, { logger: true });
  const stopQueueTicker = startQueueTicker(ctx);
  const shutdown = async () => {
    stopQueueTicker();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`\n帮办 Bangban 已启动：${url}/console   （接口文档 ${url}/docs）`);
  console.log(`数据库：${ctx.dbKind === 'pglite' ? `PGlite（${config.dataDir}）` : 'PostgreSQL'}`);
  if (config.seedDemo) {
    console.log(`演示账号（密码均为 ${config.demoPassword}${fresh ? '' : '，除非已修改'}）：`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.displayName}（${u.unit}）`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
