// Jest loads its global setup outside its own module system, so the TypeScript sources are loaded
// through tsx here.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { startTestDatabaseServer } = await tsImport('./test-database-server.ts', import.meta.url);
  await startTestDatabaseServer();
}
