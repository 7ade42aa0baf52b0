import { defineDatabase, type Kysely } from '../../core/index.js';
import type { RecordsTables } from './store.js';

/** The records app's tables; migrations run in this order at app start, each once. */
export const recordsDatabase = defineDatabase<RecordsTables>({
  migrations: [
    {
      name: '001-create-records',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('records')
          .addColumn('map_uid', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('nick_name', 'text', (column) => column.notNull())
          .addColumn('time', 'integer', (column) => column.notNull())
          .addColumn('checkpoints', 'text', (column) => column.notNull().defaultTo('[]'))
          .addColumn('driven_at', 'text', (column) => column.notNull())
          .addColumn('server_login', 'text', (column) => column.notNull().defaultTo(''))
          .addPrimaryKeyConstraint('records_pk', ['map_uid', 'login'])
          .execute();
        // Top-N of a map (in this exact order) and a player's rank are range reads of this index alone.
        await db.schema.createIndex('records_by_time').on('records').columns(['map_uid', 'time', 'driven_at', 'login']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('records').execute();
      },
    },
  ],
});
