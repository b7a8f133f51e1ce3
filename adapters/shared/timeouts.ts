/** Racing a promise against a deadline, without a timer that outlives the wait. */

/** `promise`'s value if it settles within `ms`, else `fallback`; a rejection within `ms` rejects. */
export async function settleWithin<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `promise` resolves within `ms`. */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return settleWithin(
    promise.then(() => true),
    ms,
    false,
  );
}
