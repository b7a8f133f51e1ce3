/** A fresh, migrated database per test file, on the server the global setup provides. */
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { connectOrm, migrate, type Orm } from '../../src/store/orm.js';

type Execute = (sql: string) => Promise<unknown>;

/** Runs statements on the server's maintenance connection (CREATE/DROP DATABASE). */
export async function withAdminConnection<T>(
  url: string,
  work: (execute: Execute) => Promise<T>,
): Promise<T> {
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    return await work((sql) => orm.em.getConnection().execute(sql));
  } finally {
    await orm.close(true);
  }
}

function adminUrl(): string {
  const url = process.env.STRIDE_TEST_ADMIN_URL;
  if (!url) throw new Error('STRIDE_TEST_ADMIN_URL is not set: run the tests through jest (global setup).');
  return url;
}

export interface TestDatabase {
  url: string;
  orm: Orm;
  drop(): Promise<void>;
}

/** Creates a database with a random name, applies the migrations and connects the ORM to it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `stride_test_${randomBytes(6).toString('hex')}`;
  const admin = adminUrl();
  await withAdminConnection(admin, (execute) => execute(`create database "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const orm = await connectOrm(url.toString());
  await migrate(orm);
  return {
    url: url.toString(),
    orm,
    drop: async () => {
      await orm.close(true);
      await withAdminConnection(admin, (execute) =>
        execute(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}
