// Preloaded into every `stride` child a test starts (NODE_OPTIONS, see cli.ts): the same network
// guard as the test files have, so a child whose platform is not pointed at a fake fails at once
// instead of reaching the internet.
import { register } from 'tsx/esm/api';

register();
await import('./network-guard.ts');
