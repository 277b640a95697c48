// The api process for benchmarks: seed the demo district, then serve HTTP only
// (workers run in their own process, as in production).
import { env } from '../src/config/env.js';
import { createContext } from '../src/context.js';
import { startApi } from '../src/api.js';
import { seedDemoDistrict } from '../src/db/seed.js';

const ctx = await createContext(env());
await seedDemoDistrict(ctx.database.db);
await startApi(ctx, ctx.env.PORT);
console.log('api ready');
