// tsc emits only JavaScript: copy the SQL migrations and static files beside the built code.
import { cpSync, existsSync } from 'node:fs';

cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
cpSync('src/web/static', 'dist/src/web/static', { recursive: true });
if (existsSync('admin-ui/dist')) cpSync('admin-ui/dist', 'dist/admin-ui', { recursive: true });
