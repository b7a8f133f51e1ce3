/**
 * No test reaches the network outside this machine (TESTING.md: every SDK talks to a fake on
 * loopback). Installed for every test file by jest.config.js: a connection or a DNS lookup for any
 * other host throws at once, and is also recorded so that a test whose SDK swallowed the error
 * still fails (network-guard-check.ts).
 */
import dns from 'node:dns';
import net from 'node:net';

const INSTALLED = Symbol.for('stride.networkGuard');

// snowflake-sdk probes the cloud metadata hosts (169.254.169.254, metadata.google.internal) once,
// as it is imported, to report its platform at login; this turns the probe off before any test
// file imports it (and for child processes, which inherit the environment).
process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';

/** Connections refused since the last call, e.g. `example.com:443`; taking them clears the list. */
export function takeBlockedConnections(): string[] {
  const state = guardState();
  return state.blocked.splice(0, state.blocked.length);
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped), localhost, and an absent host (Node's default is localhost). */
export function isLoopbackHost(host: string | undefined | null): boolean {
  if (!host) return true;
  const name = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const v4 = name.replace(/^::ffff:/, '');
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  if (net.isIPv6(name)) return /^(0{0,4}:){2,7}0{0,3}1$/.test(name) || name === '::1';
  return false;
}

interface GuardState {
  blocked: string[];
}

// Node's modules are shared by every test file of a worker, unlike each file's globals (which
// jest clears between files): the state and the one wrapping live on the net module.
const WRAPPED = Symbol.for('stride.networkGuard.wrapped');
type Shared = Record<symbol, unknown>;

function guardState(): GuardState {
  const shared = net as unknown as Shared;
  shared[INSTALLED] ??= { blocked: [] } satisfies GuardState;
  return shared[INSTALLED] as GuardState;
}

function refuse(host: string, port?: unknown): never {
  const target = port === undefined ? host : `${host}:${String(port)}`;
  guardState().blocked.push(target);
  throw new Error(
    `Network access outside loopback in a test: ${target}. Point the SDK at a fake on 127.0.0.1.`,
  );
}

/** Where Socket#connect is asked to go, from any of its call forms; `path` means a Unix socket. */
function targetOf(args: unknown[]): { host?: string; port?: unknown; path?: string } {
  // net.connect and tls.connect pass their normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: string; port?: unknown; path?: string };
    return { host: options.host, port: options.port, path: options.path };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
}

/** Wraps Socket#connect (under net, tls, http, undici's fetch and every SDK) and dns.lookup. Idempotent. */
export function installNetworkGuard(): void {
  const shared = net as unknown as Shared;
  if (shared[WRAPPED]) return;
  shared[WRAPPED] = true;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    if (!target.path && !isLoopbackHost(target.host)) refuse(target.host!, target.port);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  // Looking up an IP literal asks no server (a server listening on 0.0.0.0 does): only names are
  // refused; connections to a literal are the connect guard's.
  const lookupAllowed = (hostname: string) => net.isIP(hostname) !== 0 || isLoopbackHost(hostname);
  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
    if (!lookupAllowed(hostname)) refuse(hostname);
    return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
  } as typeof dns.lookup;

  const lookupPromise = dns.promises.lookup;
  dns.promises.lookup = async function guardedLookup(hostname: string, ...rest: unknown[]) {
    if (!lookupAllowed(hostname)) refuse(hostname);
    return (lookupPromise as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...rest);
  } as typeof dns.promises.lookup;
}

installNetworkGuard();
