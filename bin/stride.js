#!/usr/bin/env node
// The `stride` command runs the TypeScript sources directly through tsx's loader, so a checkout
// needs no build step: `npm install && npm start` is enough.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
