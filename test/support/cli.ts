/** Runs the real `stride` command in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const STRIDE_BIN = path.resolve('bin/stride.js');

/**
 * The node flags `npm start` runs Stride with (package.json's start script; the Dockerfile passes
 * the same in NODE_OPTIONS), so that a started server is the one users run.
 */
export const START_NODE_FLAGS: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /^node((?:\s+--\S+)*)\s+bin\/stride\.js start$/.exec(scripts.start ?? '');
  if (!match) throw new Error(`package.json's start script is not "node [flags] bin/stride.js start"`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
})();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CHILD_NETWORK_GUARD = pathToFileURL(path.resolve('test/support/child-network-guard.mjs')).href;

/**
 * The environment of a child: ours without any database, Redis or data settings, plus `env`, with
 * the network guard preloaded (no child of a test reaches beyond loopback either). A test that
 * wants Redis passes REDIS_URL with its own REDIS_KEY_PREFIX (test/support/redis.ts), so that
 * tests running side by side never share keys or events.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _url,
    DATA_DIR: _dir,
    PORT: _port,
    REDIS_URL: _redis,
    REDIS_KEY_PREFIX: _prefix,
    ...rest
  } = process.env;
  const nodeOptions = [rest.NODE_OPTIONS, `--import=${CHILD_NETWORK_GUARD}`].filter(Boolean).join(' ');
  return { ...rest, LOG_LEVEL: 'warn', NODE_OPTIONS: nodeOptions, ...env };
}

/** Runs `stride ARGS` to its end; `stdin` is piped in (e.g. a `stride chat` script). */
export function runStride(args: string[], env: Record<string, string>, stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STRIDE_BIN, ...args], { env: childEnv(env) });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What each started server has logged, for a stop that fails. */
const outputs = new WeakMap<ChildProcess, string>();

/**
 * Starts `stride start` and resolves once `/readyz` answers, or rejects after `timeoutMs`.
 * `nodeArgs` go to Node before the script (the benchmark's `--cpu-prof`).
 */
export async function startStride(
  env: Record<string, string>,
  port: number,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...START_NODE_FLAGS, ...nodeArgs, STRIDE_BIN, 'start'], {
    env: childEnv({ ...env, PORT: String(port) }),
  });
  let output = '';
  // Both streams: the logger writes to stdout, Node's own errors go to stderr.
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    outputs.set(child, output);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`stride start exited early:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`stride start did not become ready within ${timeoutMs} ms:\n${output}`);
}

/** What a server started by startStride has written so far (its log, on both streams). */
export function strideOutput(child: ChildProcess): string {
  return outputs.get(child) ?? '';
}

export function stopStride(child: ChildProcess): Promise<number | null> {
  return new Promise<number | null>((resolve) => {
    // Ended already: by itself (exitCode), or by a signal (exitCode stays null, signalCode is set).
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  }).then((code) => {
    // A failed stop says why: the server's last log lines go to the test's output.
    if (code !== 0)
      console.error(`stride start ended with ${code}:\n${outputs.get(child)?.slice(-4000) ?? ''}`);
    return code;
  });
}
