import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { stopTestDatabaseServer } = await tsImport('./test-database-server.ts', import.meta.url);
  await stopTestDatabaseServer();
}
