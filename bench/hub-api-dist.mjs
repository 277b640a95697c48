// The api process for the ingest benchmark as production runs it: the compiled build
// (`node dist/...`, no TypeScript loader), after seeding the demo district.
const { env } = await import('../dist/src/config/env.js');
const { createContext } = await import('../dist/src/context.js');
const { startApi } = await import('../dist/src/api.js');
const { seedDemoDistrict } = await import('../dist/src/db/seed.js');

const ctx = await createContext(env());
await seedDemoDistrict(ctx.database.db);
await startApi(ctx, ctx.env.PORT);
console.log('api ready');
