/**
 * The HTTP benchmark's baseline (issue 16 point 2): a bare Koa endpoint doing one
 * `INSERT … ON CONFLICT` through `pg` per request, in a process of its own as `stride start` is,
 * so the two are measured the same way. What Stride's paths achieve is read as a share of this.
 *
 * Run by bench/http.ts: `node --import tsx bench/baseline-server.ts DATABASE_URL`; it prints
 * `listening PORT` once it answers, and stops on SIGTERM.
 */
import http from 'node:http';
import Koa from 'koa';
import pg from 'pg';

const POOL_SIZE = 10; // Stride's own pool size (src/store/orm.ts), so both have the same connections.

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.argv[2], max: POOL_SIZE });
  await pool.query(
    `create table if not exists baseline_logs (
       member int not null, day date not null, status text not null, primary key (member, day))`,
  );
  const app = new Koa();
  app.use(async (ctx) => {
    const match = /^\/logs\/(\d+)\/(\d{4}-\d{2}-\d{2})$/.exec(ctx.path);
    if (ctx.method !== 'PUT' || !match) {
      ctx.status = 404;
      return;
    }
    const { rows } = await pool.query<{ member: number; day: string; status: string }>(
      `insert into baseline_logs (member, day, status) values ($1, $2, 'done')
       on conflict (member, day) do update set status = excluded.status
       returning member, day::text as day, status`,
      [Number(match[1]), match[2]],
    );
    ctx.body = rows[0];
  });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end();
  });
}

void main();
