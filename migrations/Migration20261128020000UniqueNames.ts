import { Migration } from '@mikro-orm/migrations';

/**
 * One live habit per name and one top-level goal per title for each member, case-insensitively,
 * enforced by the database so that concurrent creates cannot both pass a check-then-insert. Also
 * keeps the start date a habit was declared with, so that undoing a backdated log can move the
 * start back to it.
 */
export class Migration20261128020000UniqueNames extends Migration {
  override async up(): Promise<void> {
    // The old check-then-insert let duplicates through: rename all but the oldest of each clash
    // (the id's first characters make the new name unique) so the indexes can be built.
    this.addSql(
      `with ranked as (select "id", row_number() over (partition by "owner_id", lower("name") order by "created_at", "id") as "n" from "habits" where "status" <> 'archived') update "habits" h set "name" = left(h."name", 89) || ' (' || left(h."id"::text, 8) || ')' from ranked r where r."id" = h."id" and r."n" > 1;`,
    );
    this.addSql(
      `with ranked as (select "id", row_number() over (partition by "owner_id", lower("title") order by "created_at", "id") as "n" from "goals" where "parent_id" is null) update "goals" g set "title" = left(g."title", 189) || ' (' || left(g."id"::text, 8) || ')' from ranked r where r."id" = g."id" and r."n" > 1;`,
    );
    this.addSql(
      `create unique index "habits_owner_id_lower_name_unique" on "habits" ("owner_id", lower("name")) where "status" <> 'archived';`,
    );
    this.addSql(
      `create unique index "goals_owner_id_lower_title_unique" on "goals" ("owner_id", lower("title")) where "parent_id" is null;`,
    );

    // Backdated logs have already moved some starts; the best known declared start is the current one.
    this.addSql(`alter table "habits" add column "declared_start_date" date null;`);
    this.addSql(`update "habits" set "declared_start_date" = "start_date";`);
    this.addSql(`alter table "habits" alter column "declared_start_date" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "habits" drop column "declared_start_date";`);
    this.addSql(`drop index "goals_owner_id_lower_title_unique";`);
    this.addSql(`drop index "habits_owner_id_lower_name_unique";`);
  }
}
