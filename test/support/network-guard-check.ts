/**
 * After each test: fails it if it tried to reach a host outside loopback, even when the code under
 * test caught the guard's error (an SDK that retries or logs it would hide it otherwise).
 */
import { takeBlockedConnections } from './network-guard.js';

afterEach(() => {
  const blocked = takeBlockedConnections();
  if (blocked.length) {
    throw new Error(`This test tried to reach the network outside loopback: ${blocked.join(', ')}`);
  }
});
