import { Migration } from '@mikro-orm/migrations';

/**
 * Scan state kept where logs are written (src/services/logs.ts), so that the hourly nudge and risk
 * scans read a few candidate rows through partial indexes instead of aggregating habit_logs:
 * - users.last_logged_on: the latest local date with any log (done, skipped or missed);
 * - users.nudged_spell_from: the first day of the inactive spell already nudged (one nudge per spell);
 * - habits.last_done_on: the latest date whose log counts as done (a numeric log meets its target);
 * - habits.risk_checked_on: the member's local date on which the risk scan last found the habit not
 *   at risk; any log of the habit or edit clears it, so each habit is judged at most once a day
 *   (per-week and per-month habits once a period).
 */
export class Migration20261128080000ScanState extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "users" add column "last_logged_on" date null, add column "nudged_spell_from" date null;`,
    );
    this.addSql(
      `alter table "habits" add column "last_done_on" date null, add column "risk_checked_on" date null;`,
    );
    // Backfill. A numeric log is judged by the habit's current target here (the service judges it
    // by the rules in force on its day; they differ only for a target edited since).
    this.addSql(
      `update "habits" h set "last_done_on" = d."last" from (
         select l."habit_id", max(l."date") as "last" from "habit_logs" l join "habits" x on x."id" = l."habit_id"
         where l."status" = 'done' and (l."amount" is null or x."target" is null
           or (x."target"->>'direction' = 'at_most' and l."amount" <= (x."target"->>'amount')::float8)
           or (x."target"->>'direction' <> 'at_most' and l."amount" >= (x."target"->>'amount')::float8))
         group by l."habit_id") d
       where d."habit_id" = h."id";`,
    );
    this.addSql(
      `update "users" u set "last_logged_on" = d."last" from (
         select h."owner_id", max(l."date") as "last" from "habit_logs" l join "habits" h on h."id" = l."habit_id"
         group by h."owner_id") d
       where d."owner_id" = u."id";`,
    );
    // Spells that began more than a week before this release count as nudged: members who left
    // long ago are not greeted by a nudge on the day nudges ship.
    this.addSql(
      `update "users" set "nudged_spell_from" = coalesce("last_logged_on" + 1, "created_at"::date)
       where coalesce("last_logged_on" + 1, "created_at"::date) < current_date - 7;`,
    );
    // Nudge candidates: nudges on, current spell not nudged yet; the scan reads the stale end by date.
    this.addSql(
      `create index "users_nudge_due_index" on "users" ("last_logged_on") where "nudges" and ("nudged_spell_from" is null or "last_logged_on" >= "nudged_spell_from");`,
    );
    // Risk candidates: active habits not at risk; day-based ones by their last done day, per-period
    // ones by the day they were last judged.
    this.addSql(
      `create index "habits_risk_due_index" on "habits" ("last_done_on") where "at_risk_since" is null and "status" = 'active' and "schedule"->>'kind' <> 'per_period';`,
    );
    this.addSql(
      `create index "habits_risk_period_index" on "habits" ("risk_checked_on") where "at_risk_since" is null and "status" = 'active' and "schedule"->>'kind' = 'per_period';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "habits_risk_period_index";`);
    this.addSql(`drop index if exists "habits_risk_due_index";`);
    this.addSql(`drop index if exists "users_nudge_due_index";`);
    this.addSql(`alter table "habits" drop column "last_done_on", drop column "risk_checked_on";`);
    this.addSql(`alter table "users" drop column "last_logged_on", drop column "nudged_spell_from";`);
  }
}
