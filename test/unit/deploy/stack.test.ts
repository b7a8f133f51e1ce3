/**
 * The production stack (Dockerfile, .dockerignore, docker-compose.yml) read as a reviewer would:
 * the services and how they wait for each other, every configuration variable passed on to app and
 * worker (derived from src/config.ts, so a new variable fails here until the stack passes it), a
 * non-root image with a readiness healthcheck that carries everything the runtime reads; and, where
 * Docker Compose is installed, Compose's own validation of the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SHUTDOWN_GRACE_MS } from '../../../src/cli/shutdown.js';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config.js';
import { START_NODE_FLAGS } from '../../support/cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  stop_grace_period?: string;
  init?: boolean;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};

/** Values the stack sets itself rather than passing through from the operator's environment. */
const SET_BY_THE_STACK: Record<string, RegExp> = {
  DATABASE_URL: /^postgresql:\/\/[^@]+@postgres:5432\/\S+$/,
  REDIS_URL: /^redis:\/\/redis:6379$/,
  PORT: /^3000$/,
  HOST: /^0\.0\.0\.0$/,
  DATA_DIR: /^\/app\/data$/,
};

/** Compose's `${NAME:-default}` substitution, as with an operator who set nothing. */
function withDefaults(value: string): string {
  return value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_, _name: string, fallback?: string) => fallback ?? '',
  );
}

describe('docker-compose.yml', () => {
  it('runs app, worker, a one-shot migrate, PostgreSQL 17 and Redis 7', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'migrate', 'postgres', 'redis', 'worker']);
    expect(service('postgres').image).toBe('postgres:17');
    expect(service('redis').image).toBe('redis:7');
    expect(service('app').command).toEqual(['node', 'bin/stride.js', 'start']);
    expect(service('worker').command).toEqual(['node', 'bin/stride.js', 'worker']);
    expect(service('migrate').command).toEqual(['node', 'bin/stride.js', 'migrate']);
    for (const name of ['app', 'worker', 'migrate']) {
      expect(service(name).build).toBe('.');
      expect(service(name).image).toBe(service('app').image);
    }
  });

  it('keeps PostgreSQL and Redis on named volumes, behind healthchecks', () => {
    for (const [name, mountPoint] of [
      ['postgres', '/var/lib/postgresql/data'],
      ['redis', '/data'],
    ] as const) {
      const volume = service(name).volumes?.find((v) => v.endsWith(`:${mountPoint}`));
      expect(volume).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
      const test = service(name).healthcheck?.test;
      expect(Array.isArray(test) ? test.join(' ') : test).toMatch(
        name === 'postgres' ? /pg_isready/ : /ping/,
      );
      expect(service(name).restart).toBe('unless-stopped');
    }
  });

  it('publishes the databases on the loopback interface only', () => {
    for (const name of ['postgres', 'redis'])
      for (const port of service(name).ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('starts app and worker once the databases are healthy and the migrations applied', () => {
    for (const name of ['app', 'worker']) {
      expect(service(name).depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(service(name).restart).toBe('unless-stopped');
      expect(service(name).init).toBe(true);
      expect(service(name).stop_grace_period).toMatch(/^\d+s$/);
    }
    expect(service('migrate').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    // Both stop within SHUTDOWN_GRACE_MS of SIGTERM: Docker must wait longer than that before SIGKILL.
    for (const name of ['app', 'worker'])
      expect(parseInt(service(name).stop_grace_period!, 10) * 1000).toBeGreaterThan(SHUTDOWN_GRACE_MS);
  });

  it('lets app scale: jobs off, and a host port range instead of one fixed port', () => {
    expect(service('app').environment?.JOBS).toBe('off');
    expect(service('worker').environment?.JOBS).toBe('on');
    const ports = service('app').ports ?? [];
    expect(ports).toHaveLength(1);
    const [published, target] = withDefaults(ports[0]!).split(':');
    expect(target).toBe('3000');
    const [low, high] = published!.split('-').map(Number);
    expect(high! - low!).toBeGreaterThanOrEqual(1);
    expect(service('worker').ports).toBeUndefined();
  });

  it.each(['app', 'worker', 'migrate'])(
    'passes every variable of src/config.ts to %s, from the environment unless the stack sets it',
    (name) => {
      const environment = service(name).environment ?? {};
      expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
      const missing = CONFIG_VARIABLES.filter((key) => !(key in environment));
      expect(missing).toEqual([]);
      for (const key of CONFIG_VARIABLES) {
        if (key === 'JOBS') continue;
        const expected = SET_BY_THE_STACK[key];
        if (expected)
          expect([key, withDefaults(environment[key]!)]).toEqual([key, expect.stringMatching(expected)]);
        else expect([key, environment[key]]).toEqual([key, `\${${key}:-}`]);
      }
      expect(withDefaults(environment.REDIS_URL ?? '')).toMatch(SET_BY_THE_STACK.REDIS_URL!);
    },
  );

  it("gives app and worker an environment Stride's configuration accepts", () => {
    const app = loadConfig(
      Object.fromEntries(
        Object.entries(service('app').environment ?? {}).map(([k, v]) => [k, withDefaults(v)]),
      ),
    );
    expect(app).toMatchObject({ jobs: false, port: 3000, logLevel: 'info', databaseUrl: expect.any(String) });
    const worker = loadConfig(
      Object.fromEntries(
        Object.entries(service('worker').environment ?? {}).map(([k, v]) => [k, withDefaults(v)]),
      ),
    );
    expect(worker.jobs).toBe(true);
  });

  const composeCli = composeCommand();
  // Under CI it always runs (.ci/run installs Debian's docker-compose when no Compose is there), so a
  // missing Compose fails it; elsewhere it is left out, with a note, only where none is installed.
  if (!composeCli && process.env.CI !== 'true')
    console.warn(
      'Not checking docker-compose.yml with Compose itself: neither `docker compose` nor `docker-compose` is installed.',
    );
  (composeCli || process.env.CI === 'true' ? it : it.skip)(
    'is valid for Docker Compose itself (config -q)',
    () => {
      expect(composeCli).toBeDefined();
      const [command, ...args] = composeCli!;
      const result = spawnSync(command!, [...args, 'config', '-q'], { cwd: ROOT, encoding: 'utf8' });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    },
  );
});

/** `docker compose`, else `docker-compose`, else nothing. */
function composeCommand(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const result = spawnSync(command[0]!, [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (result.status === 0) return command;
  }
  return undefined;
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages.at(-1) ?? '';
  const dockerignore = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('builds the production dependencies in a stage of their own, with npm 11 and npm ci --omit=dev', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const deps = stages.find((stage) => /npm ci --omit=dev/.test(stage));
    expect(deps).toBeDefined();
    // npm 10 (the image's) ignores package.json's allowScripts and runs every install script.
    expect(deps).toMatch(/npm install --global npm@11/);
    expect(final).toMatch(/COPY --from=\w+ .*node_modules/);
    expect(final).not.toMatch(/npm (ci|install)/);
  });

  it('runs as an unprivileged user, on port 3000, with a /readyz healthcheck and SIGTERM', () => {
    const users = [...final.matchAll(/^USER\s+(\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-(bookworm-)?slim$/m);
    expect(final).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/m);
    expect(final).toMatch(/^EXPOSE 3000$/m);
    expect(final).toMatch(/^HEALTHCHECK .*CMD .*\/readyz/m);
    expect(final).not.toMatch(/^HEALTHCHECK .*curl/m);
    expect(final).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(final).toMatch(/^CMD \["node", "bin\/stride\.js", "start"\]$/m);
  });

  it("gives node npm start's flags (package.json) in NODE_OPTIONS", () => {
    expect(START_NODE_FLAGS).toContain('--max-semi-space-size=32');
    const options = /^ENV .*\bNODE_OPTIONS=(\S+|"[^"]*")/m.exec(final)?.[1]?.replace(/"/g, '');
    expect(options?.split(/\s+/)).toEqual(START_NODE_FLAGS);
  });

  it('copies every top-level folder the runtime reads, and .dockerignore keeps none of them out', () => {
    const needed = runtimeFolders();
    expect(needed).toEqual(expect.arrayContaining(['bin', 'src', 'adapters', 'migrations', 'manifest']));
    const copied = [...final.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) =>
      match[1]!.split(/\s+/).slice(0, -1),
    );
    for (const folder of needed) {
      expect([folder, copied.includes(folder)]).toEqual([folder, true]);
      expect(dockerignore).not.toContain(folder);
    }
    for (const file of ['package.json', 'tsconfig.json']) expect(copied).toContain(file);
  });

  it('keeps dependencies, local state, secrets and development files out of the build context', () => {
    expect(dockerignore).toEqual(
      expect.arrayContaining(['node_modules', 'data', '.git', '.env', 'test', 'bench']),
    );
  });
});

/**
 * The top-level folders reachable from bin/stride.js through relative imports and `new URL('…',
 * import.meta.url)` file references: what the image must contain for `stride` to run.
 */
function runtimeFolders(): string[] {
  const reference = /(?:from\s+|import\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+)'/g;
  const folders = new Set<string>();
  const pending = ['bin'];
  while (pending.length) {
    const folder = pending.pop()!;
    if (folders.has(folder)) continue;
    folders.add(folder);
    for (const file of filesUnder(path.join(ROOT, folder)).filter((f) => /\.(ts|js|mjs)$/.test(f)))
      for (const match of readFileSync(file, 'utf8').matchAll(reference)) {
        const top = path.relative(ROOT, path.resolve(path.dirname(file), match[1]!)).split(path.sep)[0]!;
        if (
          !folders.has(top) &&
          existsSync(path.join(ROOT, top)) &&
          statSync(path.join(ROOT, top)).isDirectory()
        )
          pending.push(top);
      }
  }
  return [...folders].sort();
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)],
  );
}
