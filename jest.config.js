/**
 * Jest runs the TypeScript sources as native ES modules (agenda 6 and MikroORM 6 are ESM),
 * transformed by swc; `npm run test:jest` sets --experimental-vm-modules.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './x.js' as NodeNext requires; jest resolves the .ts file behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // No test may reach a host outside loopback: every SDK talks to a fake (test/fakes).
  setupFiles: ['<rootDir>/test/support/network-guard.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/network-guard-check.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.mjs'],
  testTimeout: 30000,
  // Under CI a test that failed before its teardown (a scheduler still polling, a pool still
  // open) must not hold the run until CI's own timeout: Jest exits once every suite has reported,
  // and says so. Locally it waits and reports what is left open.
  forceExit: process.env.CI === 'true',
};
