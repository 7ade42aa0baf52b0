import { defineDatabase, writeOrQueue, type Kysely } from '../../core/index.js';
import type { JukeboxEntry } from './jukebox.js';

export interface MapsTables {
  /** The jukebox of each server sharing the database, in play order, with who queued each map. */
  jukebox: { server: string; position: number; map_uid: string; file_name: string; name: string; author: string; login: string; nick_name: string };
}

export const mapsDatabase = defineDatabase<MapsTables>({
  migrations: [
    {
      name: '001-create-jukebox',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('jukebox')
          .addColumn('server', 'text', (column) => column.notNull())
          .addColumn('position', 'integer', (column) => column.notNull())
          .addColumn('map_uid', 'text', (column) => column.notNull())
          .addColumn('file_name', 'text', (column) => column.notNull())
          .addColumn('name', 'text', (column) => column.notNull())
          .addColumn('author', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('nick_name', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('jukebox_pk', ['server', 'position'])
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('jukebox').execute();
      },
    },
  ],
});

/**
 * Keeps one server's jukebox in the database, so a restart finds it as it was. The queue is short (a few
 * maps per player), so each change writes it whole, one write after the other, each of the queue as it is then.
 */
export class JukeboxStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<MapsTables>,
    private readonly server: string,
  ) {}

  async load(): Promise<JukeboxEntry[]> {
    const rows = await this.db.selectFrom('jukebox').selectAll().where('server', '=', this.server).orderBy('position').execute();
    return rows.map((row) => ({ map: { uid: row.map_uid, fileName: row.file_name, name: row.name, author: row.author, environment: '' }, login: row.login, nickName: row.nick_name }));
  }

  /** Writes the queue as `entries()` has it when this write's turn comes; resolves once written (or queued in an outage). */
  save(entries: () => readonly JukeboxEntry[]): Promise<void> {
    const write = async (): Promise<void> => {
      const rows = entries().map((entry, position) => ({
        server: this.server,
        position,
        map_uid: entry.map.uid,
        file_name: entry.map.fileName,
        name: entry.map.name,
        author: entry.map.author,
        login: entry.login,
        nick_name: entry.nickName,
      }));
      await writeOrQueue(this.db, [this.db.deleteFrom('jukebox').where('server', '=', this.server), ...(rows.length > 0 ? [this.db.insertInto('jukebox').values(rows)] : [])]);
    };
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}
