import type { NamedMigration } from '../storage/database.js';

/** The core's permission tables live in a namespace of their own, beside the apps' `app_<id>` ones. */
export const ACCESS_NAMESPACE = 'core_access';

/** The membership table as queries see it. */
export interface AccessTables {
  members: {
    /** The exact login, as the server reports it. */
    login: string;
    group_name: string;
    granted_by: string;
    /** ISO time of the grant. */
    granted_at: string;
  };
}

export const accessMigrations: readonly NamedMigration[] = [
  {
    name: '001-create-members',
    async up(db) {
      await db.schema
        .createTable('members')
        .addColumn('login', 'text', (column) => column.primaryKey())
        .addColumn('group_name', 'text', (column) => column.notNull())
        .addColumn('granted_by', 'text', (column) => column.notNull())
        .addColumn('granted_at', 'text', (column) => column.notNull())
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('members').execute();
    },
  },
];
