/**
 * `npm start` with no DATABASE_URL: Stride runs on its embedded PostgreSQL under DATA_DIR, and CLI
 * commands work next to the running server on the same data directory.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { runStride, startStride, stopStride } from '../../support/cli.js';
import { freePort } from '../../../src/free-port.js';

let dataDir: string;
let server: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stride-embedded-'));
  await fs.chmod(dataDir, 0o755);
});
afterAll(async () => {
  if (server) await stopStride(server);
  await fs.rm(dataDir, { recursive: true, force: true });
});

it('creates a member before, during and after a running server, which answers the API', async () => {
  const env = { DATA_DIR: dataDir };
  const first = await runStride(['users', 'add', '--name', 'Ada', '--json'], env);
  expect(first).toMatchObject({ code: 0 });

  const port = await freePort();
  server = await startStride(env, port);
  const second = await runStride(['users', 'add', '--name', 'Bo', '--json'], env);
  expect(second).toMatchObject({ code: 0 });
  for (const { token } of [JSON.parse(first.stdout), JSON.parse(second.stdout)]) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  }
  expect(await stopStride(server)).toBe(0);
  server = undefined;

  const third = await runStride(['users', 'add', '--name', 'Cy', '--json'], env);
  expect(third).toMatchObject({ code: 0 });
}, 120_000);
