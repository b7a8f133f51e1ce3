/**
 * Makes the real @google/genai SDK behave under jest as it does in production.
 *
 * Jest runs each test file in its own vm context, but `fetch`, `AbortController` and `DOMException`
 * are the host's. Two things break without this bridge:
 *
 * 1. On Node the SDK passes fetch a dispatcher that looks up undici's global dispatcher under
 *    `globalThis[Symbol.for('undici.globalDispatcher.1')]`. Only the host's global has it, so
 *    every request fails with `Error: exception TypeError: fetch failed sending request`
 *    (cause: "Undici globalDispatcher is not available.").
 * 2. fetch rejects with host-realm errors (`TypeError: fetch failed`, `DOMException` AbortError),
 *    which are not `instanceof Error` inside the test's realm. The SDK then wraps them in a plain
 *    `Error('exception … sending request')`, and p-retry refuses to retry them ("Non-error was
 *    thrown"): aborts and timeouts would look and retry differently than in production.
 *
 * The bridge shares the host's dispatcher and re-creates fetch's errors in the test's realm
 * (same name, message, cause, code). Outside jest (host realm === this realm) it does nothing.
 * It only patches the current test file's global, which jest throws away after the file.
 */

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const BRIDGED = Symbol.for('stride.test.fetchRealmBridge');

type AnyGlobal = typeof globalThis & Record<symbol, unknown>;

/** The host realm's global object: `fetch` comes from there, so its Function constructor does too. */
function hostGlobal(): AnyGlobal {
  const HostFunction = (fetch as unknown as { constructor: FunctionConstructor }).constructor;
  return new HostFunction('return globalThis')() as AnyGlobal;
}

/** A host-realm error, rebuilt in this realm so `instanceof Error` (and p-retry) see an Error. */
function toThisRealm(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  const foreign = error as { name?: string; message?: string; cause?: unknown; code?: unknown };
  const options = foreign.cause === undefined ? undefined : { cause: foreign.cause };
  const rebuilt =
    foreign.name === 'TypeError'
      ? new TypeError(foreign.message, options)
      : new Error(foreign.message, options);
  // DOMException AbortError keeps its name and code (20); the original rides along as `cause`.
  if (foreign.name !== 'TypeError') {
    rebuilt.name = foreign.name ?? 'Error';
    if (rebuilt.cause === undefined) rebuilt.cause = error;
  }
  if (foreign.code !== undefined) Object.assign(rebuilt, { code: foreign.code });
  return rebuilt;
}

/** Installs the bridge once per test file; safe to call from every fake's start. */
export function bridgeJestRealm(): void {
  const local = globalThis as AnyGlobal;
  const host = hostGlobal();
  if (host === local || local[BRIDGED]) return;
  // Constructing Headers makes Node load undici, which registers the host's global dispatcher.
  new host.Headers();
  local[DISPATCHER] ??= host[DISPATCHER];
  const hostFetch = local.fetch;
  local.fetch = (input, init) =>
    hostFetch(input, init).catch((error: unknown) => {
      throw toThisRealm(error);
    });
  local[BRIDGED] = true;
}
