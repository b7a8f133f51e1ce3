/** Placeholder until the database harness lands. */
export default async function globalTeardown(): Promise<void> {}
