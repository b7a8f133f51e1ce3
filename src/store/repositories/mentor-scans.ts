/**
 * The mentor scans' queries: which mentors to warn about which mentees, read for all of them in
 * one statement each (the early-warning job, and the risk job's alerts to mentors).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { memberClockColumns, memberClockOf, type MemberClock, type MemberClockRow } from './scans.js';

/** An active mentorship with both sides' clocks: the mentee's day, the mentor's quiet hours. */
export interface MentorLink {
  mentor: MemberClock;
  mentee: MemberClock;
}

type MentorLinkRow = { [K in keyof MemberClockRow as `r_${K}`]: MemberClockRow[K] } & MemberClockRow;

const mentorColumns = `r.id as r_user_id, r.name as r_user_name, r.timezone as r_timezone,
  r.day_start_hour as r_day_start_hour, r.quiet_start_minute as r_quiet_start_minute,
  r.quiet_end_minute as r_quiet_end_minute`;

function linkOf(row: MentorLinkRow): MentorLink {
  return {
    mentee: memberClockOf(row),
    mentor: memberClockOf({
      user_id: row.r_user_id,
      user_name: row.r_user_name,
      timezone: row.r_timezone,
      day_start_hour: row.r_day_start_hour,
      quiet_start_minute: row.r_quiet_start_minute,
      quiet_end_minute: row.r_quiet_end_minute,
    }),
  };
}

/**
 * The active mentorships whose mentee lives on one of `clocks` (zone and day start hour) and has
 * an active habit, with the clocks of both sides: the early-warning job passes the clocks where it
 * is evening now.
 */
export async function mentorLinksOnClocks(
  em: EntityManager,
  clocks: readonly { timezone: string; dayStartHour: number }[],
): Promise<MentorLink[]> {
  if (!clocks.length) return [];
  const rows = await em.execute<MentorLinkRow[]>(
    `select ${memberClockColumns}, ${mentorColumns}
     from jsonb_to_recordset(?::jsonb) as d(timezone text, "dayStartHour" int)
     join users u on u.timezone = d.timezone and u.day_start_hour = d."dayStartHour"
     join mentorships m on m.mentee_id = u.id and m.status = 'active'
     join users r on r.id = m.mentor_id
     where exists (select 1 from habits h where h.owner_id = u.id and h.status = 'active')
     order by u.id, r.id`,
    [JSON.stringify(clocks.map(({ timezone, dayStartHour }) => ({ timezone, dayStartHour })))],
  );
  return rows.map(linkOf);
}

/** The active mentorships of some mentees, with the clocks of both sides (one query). */
export async function mentorLinksOf(em: EntityManager, menteeIds: readonly string[]): Promise<MentorLink[]> {
  if (!menteeIds.length) return [];
  const rows = await em.execute<MentorLinkRow[]>(
    `select ${memberClockColumns}, ${mentorColumns}
     from mentorships m join users u on u.id = m.mentee_id join users r on r.id = m.mentor_id
     where m.mentee_id = any(?::uuid[]) and m.status = 'active'
     order by u.id, r.id`,
    [`{${menteeIds.join(',')}}`],
  );
  return rows.map(linkOf);
}

/** Which of `keys` are in the outbox already (one query), so a later run skips their work. */
export async function enqueuedKeys(em: EntityManager, keys: readonly string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await em.execute<{ dedupe_key: string }[]>(
    `select dedupe_key from outbox where dedupe_key in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(keys)],
  );
  return new Set(rows.map((row) => row.dedupe_key));
}
