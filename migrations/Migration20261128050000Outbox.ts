import {
  getCreateIndexesSQL,
  getCreateLogsIndexesSQL,
  getCreateLogsTableSQL,
  getCreateTableSQL,
  getUpdateTimestampTriggerSQL,
} from '@agendajs/postgres-backend';
import { Migration } from '@mikro-orm/migrations';

/**
 * Stride reaches out first: the outbox every started message goes through, job runs, where each
 * member is reached and what they asked for (reminder time, quiet hours, nudges, platform), habit
 * reminders and risk episodes, and Agenda's own tables. Agenda's schema is created here rather than
 * by Agenda at start, because several processes starting at once race on creating it.
 */
export class Migration20261128050000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(getCreateTableSQL('agenda_jobs'));
    for (const sql of getCreateIndexesSQL('agenda_jobs')) this.addSql(sql);
    this.addSql(getUpdateTimestampTriggerSQL('agenda_jobs'));
    this.addSql(getCreateLogsTableSQL('agenda_logs'));
    for (const sql of getCreateLogsIndexesSQL('agenda_logs')) this.addSql(sql);

    this.addSql(
      `create table "job_runs" ("id" uuid not null, "job" varchar(50) not null, "as_of" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "result" jsonb null, "error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "job_runs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "job_runs_job_started_at_index" on "job_runs" ("job", "started_at");`);

    this.addSql(
      `create table "outbox" ("id" uuid not null, "user_id" uuid null, "channel" jsonb null, "kind" varchar(30) not null, "dedupe_key" varchar(200) not null, "reply" jsonb not null, "status" varchar(10) not null default 'queued', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "platform" varchar(20) null, "sent_at" timestamptz null, "read_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "outbox_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_user_id_index" on "outbox" ("user_id");`);
    // The dedupe key is the whole of "exactly once": a second enqueue of a key is refused here.
    this.addSql(`alter table "outbox" add constraint "outbox_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(
      `create index "outbox_pending_index" on "outbox" ("next_attempt_at") where "status" in ('queued', 'failed');`,
    );
    this.addSql(
      `alter table "outbox" add constraint "outbox_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "users" add column "reminder_minute" smallint null, add column "quiet_start_minute" smallint null, add column "quiet_end_minute" smallint null, add column "nudges" boolean not null default true, add column "notify_platform" varchar(20) null;`,
    );
    this.addSql(
      `alter table "identities" add column "dm_channel" varchar(64) null, add column "private_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "habits" add column "reminder_minute" smallint null, add column "at_risk_since" date null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "habits" drop column "reminder_minute", drop column "at_risk_since";`);
    this.addSql(`alter table "identities" drop column "dm_channel", drop column "private_at";`);
    this.addSql(
      `alter table "users" drop column "reminder_minute", drop column "quiet_start_minute", drop column "quiet_end_minute", drop column "nudges", drop column "notify_platform";`,
    );
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "job_runs" cascade;`);
    this.addSql(`drop table if exists "agenda_logs" cascade;`);
    this.addSql(`drop table if exists "agenda_jobs" cascade;`);
    this.addSql(`drop function if exists update_agenda_jobs_updated_at();`);
  }
}
