import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl } from './url.js';

/** A new, empty PostgreSQL database for one test run, made through `url`'s server; drop() removes it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Needs a user that may CREATE DATABASE (e.g. CREATE ROLE ... CREATEDB). */
export async function createScratchDatabase(url: string): Promise<ScratchDatabase> {
  const target = parseDatabaseUrl(url, '.');
  if (target.dialect !== 'postgres') throw new Error(`A scratch database needs a postgres:// URL, not '${url === '' ? '(empty)' : target.where}'`);
  const name = `pitwall_test_${randomBytes(6).toString('hex')}`;
  const admin = () => new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  await withClient(admin(), (client) => client.query(`create database "${name}"`));
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    drop: () => withClient(admin(), (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(client: pg.Client, run: (client: pg.Client) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
