/**
 * The store's named queries, one module per aggregate: what the core reads and writes by hand
 * (raw SQL, atomic claims, set-based reads) lives here, each taking the caller's EntityManager first.
 */
export * from './habit-logs.js';
export * from './handled-events.js';
export * from './chat-actions.js';
export * from './coach-turns.js';
export * from './coach-plans.js';
export * from './goals.js';
export * from './outbox.js';
export * from './job-runs.js';
export * from './reminders.js';
export * from './scans.js';
export * from './mentor-scans.js';
export * from './members.js';
export * from './habits.js';
