/** Every migration, in order; add new ones at the end (see README, "Migrations"). */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000Initial } from './Migration20261122000000Initial.js';
import { Migration20261122010000ChatCore } from './Migration20261122010000ChatCore.js';
import { Migration20261122020000Coach } from './Migration20261122020000Coach.js';
import { Migration20261128020000UniqueNames } from './Migration20261128020000UniqueNames.js';
import { Migration20261128030000ChatSafety } from './Migration20261128030000ChatSafety.js';
import { Migration20261128040000HabitRules } from './Migration20261128040000HabitRules.js';
import { Migration20261128050000Outbox } from './Migration20261128050000Outbox.js';
import { Migration20261128060000HandledEventOwner } from './Migration20261128060000HandledEventOwner.js';
import { Migration20261128070000ReminderIndexes } from './Migration20261128070000ReminderIndexes.js';
import { Migration20261128080000ScanState } from './Migration20261128080000ScanState.js';
import { Migration20261129000000Groups } from './Migration20261129000000Groups.js';
import { Migration20261129010000Mentors } from './Migration20261129010000Mentors.js';
import { Migration20261129020000MentorsChat } from './Migration20261129020000MentorsChat.js';
import { Migration20261130000000WarehouseChanges } from './Migration20261130000000WarehouseChanges.js';
import { Migration20261130010000HotPathReads } from './Migration20261130010000HotPathReads.js';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000000Initial', class: Migration20261122000000Initial },
  { name: 'Migration20261122010000ChatCore', class: Migration20261122010000ChatCore },
  { name: 'Migration20261122020000Coach', class: Migration20261122020000Coach },
  { name: 'Migration20261128020000UniqueNames', class: Migration20261128020000UniqueNames },
  { name: 'Migration20261128030000ChatSafety', class: Migration20261128030000ChatSafety },
  { name: 'Migration20261128040000HabitRules', class: Migration20261128040000HabitRules },
  { name: 'Migration20261128050000Outbox', class: Migration20261128050000Outbox },
  { name: 'Migration20261128060000HandledEventOwner', class: Migration20261128060000HandledEventOwner },
  { name: 'Migration20261128070000ReminderIndexes', class: Migration20261128070000ReminderIndexes },
  { name: 'Migration20261128080000ScanState', class: Migration20261128080000ScanState },
  { name: 'Migration20261129000000Groups', class: Migration20261129000000Groups },
  { name: 'Migration20261129010000Mentors', class: Migration20261129010000Mentors },
  { name: 'Migration20261129020000MentorsChat', class: Migration20261129020000MentorsChat },
  { name: 'Migration20261130000000WarehouseChanges', class: Migration20261130000000WarehouseChanges },
  { name: 'Migration20261130010000HotPathReads', class: Migration20261130010000HotPathReads },
];
