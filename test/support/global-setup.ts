/** Placeholder until the database harness lands. */
export default async function globalSetup(): Promise<void> {}
