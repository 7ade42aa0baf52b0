/**
 * The XAseco, UASECO and MINIcontrol readers on a real MariaDB (or MySQL) server, through openSource: the
 * tables as each controller creates them there, rows like theirs, read back as Pitwall's import rows. Each test
 * works in a database of its own (pitwall_test_<random>), dropped afterwards.
 *
 * Needs PITWALL_TEST_MYSQL_URL=mysql://user:password@host:port/database, a user that may create and drop the
 * databases named pitwall_test_*; `npm run test:mariadb` runs this file, and .ci/run starts such a server.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isPitwallError } from '../../core/errors.js';
import { openSource } from '../../core/import/connect.js';
import type { ImportRow, ImportSource, SourceDatabase } from '../../core/import/source.js';
import { minicontrolSource } from '../../core/import/sources/minicontrol.js';
import { uasecoSource } from '../../core/import/sources/uaseco.js';
import { xasecoSource } from '../../core/import/sources/xaseco.js';

const serverUrl = process.env.PITWALL_TEST_MYSQL_URL;

if (!serverUrl) {
  test('PITWALL_TEST_MYSQL_URL names the MariaDB server these tests use', () => {
    assert.fail(
      'test/mariadb/sources.mariadbtest.ts needs a MariaDB or MySQL server and was given none. Run it as ' +
        'PITWALL_TEST_MYSQL_URL=mysql://user:password@127.0.0.1:3306/database npm run test:mariadb, with a user that may ' +
        "create and drop databases named pitwall_test_* (GRANT ALL ON `pitwall\\_test\\_%`.* TO 'user'@'127.0.0.1'); " +
        '.ci/run starts a throwaway server and runs it that way.',
    );
  });
} else {
  const url = serverUrl;
  const password = decodeURIComponent(new URL(url).password);

  /** The URL of database `name` on the same server, as the same user. */
  const urlOf = (name: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };

  /** Runs `body` on a new, empty database, created with the character set a Debian MariaDB gives, then drops it. */
  async function withDatabase(body: (name: string) => Promise<void>): Promise<void> {
    const name = `pitwall_test_${randomBytes(6).toString('hex')}`;
    const admin = await openSource(url);
    try {
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
      try {
        await body(name);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      }
    } finally {
      await admin.close();
    }
  }

  /** Runs each statement of `sql` (separated by `;` at a line end) on database `name`. */
  async function run(name: string, sql: string, session: string[] = []): Promise<void> {
    const db = await openSource(urlOf(name));
    try {
      for (const statement of session) await db.query(statement);
      for (const statement of sql.split(/;\s*\n/).map((part) => part.trim()).filter(Boolean)) await db.query(statement);
    } finally {
      await db.close();
    }
  }

  async function readAll(source: ImportSource, name: string): Promise<ImportRow[]> {
    const db: SourceDatabase = await openSource(urlOf(name));
    const rows: ImportRow[] = [];
    try {
      for await (const row of source.read(db)) rows.push(row);
    } finally {
      await db.close();
    }
    return rows;
  }

  /** A second player whose login differs only in case is refused by the case-insensitive unique key. */
  async function assertCaseInsensitiveLogin(name: string, insert: string): Promise<void> {
    const db = await openSource(urlOf(name));
    try {
      await assert.rejects(db.query(insert), (error: Error & { code?: string }) => error.code === 'ER_DUP_ENTRY');
    } finally {
      await db.close();
    }
  }

  test('XAseco on MariaDB: players with codes and seconds played, challenges, records (rs_times filling empty checkpoints), karma, a deleted challenge named', async () => {
    await withDatabase(async (name) => {
      // localdb/aseco.sql and localdb/rasp.sql of github.com/TheB1gG/xaseco, as XAseco runs them (MyISAM, zero dates).
      await run(name, `
        CREATE TABLE IF NOT EXISTS \`challenges\` (
          \`Id\` mediumint(9) NOT NULL auto_increment, \`Uid\` varchar(27) NOT NULL default '', \`Name\` varchar(100) NOT NULL default '',
          \`Author\` varchar(30) NOT NULL default '', \`Environment\` varchar(10) NOT NULL default '',
          PRIMARY KEY (\`Id\`), UNIQUE KEY \`Uid\` (\`Uid\`)
        ) ENGINE=MyISAM;
        CREATE TABLE IF NOT EXISTS \`players\` (
          \`Id\` mediumint(9) NOT NULL auto_increment, \`Login\` varchar(50) NOT NULL default '', \`Game\` varchar(3) NOT NULL default '',
          \`NickName\` varchar(100) NOT NULL default '', \`Nation\` varchar(3) NOT NULL default '',
          \`UpdatedAt\` datetime NOT NULL default '0000-00-00 00:00:00', \`Wins\` mediumint(9) NOT NULL default 0,
          \`TimePlayed\` int(10) unsigned NOT NULL default 0, \`TeamName\` char(60) NOT NULL default '',
          PRIMARY KEY (\`Id\`), UNIQUE KEY \`Login\` (\`Login\`), KEY \`Game\` (\`Game\`)
        ) ENGINE=MyISAM;
        CREATE TABLE IF NOT EXISTS \`records\` (
          \`Id\` int(11) NOT NULL auto_increment, \`ChallengeId\` mediumint(9) NOT NULL default 0, \`PlayerId\` mediumint(9) NOT NULL default 0,
          \`Score\` int(11) NOT NULL default 0, \`Date\` datetime NOT NULL default '0000-00-00 00:00:00', \`Checkpoints\` text NOT NULL,
          PRIMARY KEY (\`Id\`), UNIQUE KEY \`PlayerId\` (\`PlayerId\`,\`ChallengeId\`), KEY \`ChallengeId\` (\`ChallengeId\`)
        ) ENGINE=MyISAM;
        CREATE TABLE IF NOT EXISTS \`rs_karma\` (
          \`Id\` int(11) NOT NULL auto_increment, \`ChallengeId\` mediumint(9) NOT NULL default 0, \`PlayerId\` mediumint(9) NOT NULL default 0,
          \`Score\` tinyint(4) NOT NULL default 0,
          PRIMARY KEY (\`Id\`), UNIQUE KEY \`PlayerId\` (\`PlayerId\`,\`ChallengeId\`), KEY \`ChallengeId\` (\`ChallengeId\`)
        ) ENGINE=MyISAM;
        CREATE TABLE IF NOT EXISTS \`rs_times\` (
          \`ID\` int(11) NOT NULL auto_increment, \`challengeID\` mediumint(9) NOT NULL default 0, \`playerID\` mediumint(9) NOT NULL default 0,
          \`score\` int(11) NOT NULL default 0, \`date\` int(10) unsigned NOT NULL default 0, \`checkpoints\` text NOT NULL,
          PRIMARY KEY (\`ID\`), KEY \`playerID\` (\`playerID\`,\`challengeID\`), KEY \`challengeID\` (\`challengeID\`)
        ) ENGINE=MyISAM;
        INSERT INTO challenges (Uid, Name, Author, Environment) VALUES ('uidA', '$s$f80Sunrise', 'Nadeo', 'Stadium'), ('uidGone', '$o$00fGone', 'olga', 'Bay'), ('uidB', '$i$0f0Bay Run', 'Olga', 'Bay');
        INSERT INTO players (Login, Game, NickName, Nation, UpdatedAt, TimePlayed) VALUES ('olga', 'TMF', '$f00Ol$fffga', 'SWE', '2009-05-01 20:00:00', 7200), ('xXBobXx', 'TMF', '$w$09fБоб ★', 'RUS', '0000-00-00 00:00:00', 60);
        INSERT INTO records (ChallengeId, PlayerId, Score, Date, Checkpoints) VALUES
          (1, 1, 45000, '2009-05-01 19:00:00', '15000,30000,45000'), (1, 2, 46000, '2009-05-01 19:30:00', ''),
          (2, 1, 50000, '2009-04-01 19:00:00', ''), (3, 9, 47000, '2009-04-01 19:00:00', ''), (3, 1, 48000, '2009-04-02 19:00:00', '30000,20000');
        INSERT INTO rs_times (challengeID, playerID, score, date, checkpoints) VALUES (1, 2, 46000, 1241204400, '16000,31000'), (1, 2, 49000, 1241200000, '17000,33000');
        INSERT INTO rs_karma (ChallengeId, PlayerId, Score) VALUES (1, 1, 1), (1, 2, -1), (1, 3, 0), (2, 2, 1);
        DELETE FROM challenges WHERE Uid = 'uidGone'
      `, ["SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'"]); // XAseco's zero dates, refused by MySQL 5.7+'s default mode
      await assertCaseInsensitiveLogin(name, "INSERT INTO players (Login, NickName) VALUES ('OLGA', 'another Olga')");
      assert.deepEqual(await readAll(xasecoSource, name), [
        { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 7200, lastSeen: new Date('2009-05-01T20:00:00Z') },
        { kind: 'player', login: 'xXBobXx', nickname: '$w$09fБоб ★', playTimeSeconds: 60, lastSeen: undefined },
        { kind: 'map', uid: 'uidA', name: '$s$f80Sunrise', author: 'Nadeo' },
        { kind: 'map', uid: 'uidB', name: '$i$0f0Bay Run', author: 'Olga' },
        { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 45000, checkpointsMs: [15000, 30000, 45000], drivenAt: new Date('2009-05-01T19:00:00Z') },
        { kind: 'record', mapUid: 'uidA', login: 'xXBobXx', timeMs: 46000, checkpointsMs: [16000, 31000, 46000], drivenAt: new Date('2009-05-01T19:30:00Z') },
        { kind: 'rejected', what: 'records row 3 (ChallengeId 2, PlayerId 1)', reason: 'challenges has no Id 2' },
        { kind: 'rejected', what: 'records row 4 (ChallengeId 3, PlayerId 9)', reason: 'players has no Id 9' },
        { kind: 'rejected', what: 'checkpoints of records row 5 (ChallengeId 3, PlayerId 1)', reason: 'checkpoints "30000,20000" go backwards; the time is imported without them' },
        { kind: 'record', mapUid: 'uidB', login: 'olga', timeMs: 48000, checkpointsMs: [48000], drivenAt: new Date('2009-04-02T19:00:00Z') },
        { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
        { kind: 'karma', mapUid: 'uidA', login: 'xXBobXx', vote: -1 },
        { kind: 'rejected', what: 'rs_karma row 3 (ChallengeId 1, PlayerId 3)', reason: 'players has no Id 3' },
        { kind: 'rejected', what: 'rs_karma row 4 (ChallengeId 2, PlayerId 2)', reason: 'challenges has no Id 2' },
      ]);
    });
  });

  test('UASECO on MariaDB: players, maps with author logins, the best record across game modes, ratings signs; a deleted map takes its rows along', async () => {
    await withDatabase(async (name) => {
      // The CREATE TABLE and ALTER TABLE ... FOREIGN KEY statements of uaseco.php (github.com/undeflabs/UASECO-Maniaplanet),
      // default prefix uaseco_; the tables the reader does not use are left out.
      await run(name, `
        CREATE TABLE IF NOT EXISTS \`uaseco_authors\` (
          \`AuthorId\` mediumint(3) unsigned AUTO_INCREMENT, \`Login\` varchar(64) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Nickname\` varchar(100) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`Zone\` varchar(256) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Continent\` varchar(2) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`Nation\` varchar(3) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          PRIMARY KEY (\`AuthorId\`), UNIQUE KEY \`Login\` (\`Login\`), KEY \`Continent\` (\`Continent\`), KEY \`Nation\` (\`Nation\`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci AUTO_INCREMENT=1;
        CREATE TABLE IF NOT EXISTS \`uaseco_maps\` (
          \`MapId\` mediumint(3) UNSIGNED AUTO_INCREMENT, \`Uid\` varchar(27) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Filename\` text COLLATE 'utf8mb4_unicode_ci', \`Name\` varchar(100) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Comment\` text COLLATE 'utf8mb4_unicode_ci', \`AuthorId\` mediumint(3) unsigned DEFAULT '0',
          \`AuthorScore\` int(4) unsigned DEFAULT '0', \`AuthorTime\` int(4) unsigned DEFAULT '0', \`GoldTime\` int(4) unsigned DEFAULT '0',
          \`SilverTime\` int(4) unsigned DEFAULT '0', \`BronzeTime\` int(4) unsigned DEFAULT '0',
          \`Environment\` varchar(10) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Mood\` enum('unknown','Sunrise','Day','Sunset','Night') COLLATE 'utf8mb4_unicode_ci' NOT NULL,
          \`Cost\` mediumint(3) unsigned DEFAULT '0', \`Type\` varchar(32) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Style\` varchar(32) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`MultiLap\` enum('false','true') COLLATE 'utf8mb4_unicode_ci' NOT NULL,
          \`NbLaps\` tinyint(1) unsigned DEFAULT '0', \`NbCheckpoints\` tinyint(1) unsigned DEFAULT '0',
          \`Validated\` enum('null','false','true') COLLATE 'utf8mb4_unicode_ci' NOT NULL,
          \`ExeVersion\` varchar(16) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`ExeBuild\` varchar(32) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`ModName\` varchar(64) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`ModFile\` varchar(256) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`ModUrl\` text COLLATE 'utf8mb4_unicode_ci', \`SongFile\` varchar(256) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`SongUrl\` text COLLATE 'utf8mb4_unicode_ci',
          PRIMARY KEY (\`MapId\`), UNIQUE KEY \`Uid\` (\`Uid\`), KEY \`AuthorId\` (\`AuthorId\`), KEY \`Environment\` (\`Environment\`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci AUTO_INCREMENT=1;
        CREATE TABLE IF NOT EXISTS \`uaseco_players\` (
          \`PlayerId\` mediumint(3) unsigned AUTO_INCREMENT, \`Login\` varchar(64) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Nickname\` varchar(100) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`Zone\` varchar(256) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`Continent\` varchar(2) COLLATE 'utf8mb4_unicode_ci' DEFAULT '', \`Nation\` varchar(3) COLLATE 'utf8mb4_unicode_ci' DEFAULT '',
          \`LastVisit\` datetime DEFAULT '1970-01-01 00:00:00', \`Visits\` mediumint(3) unsigned DEFAULT '0',
          \`Wins\` mediumint(3) unsigned DEFAULT '0', \`Donations\` mediumint(3) unsigned DEFAULT '0', \`TimePlayed\` int(4) unsigned DEFAULT '0',
          PRIMARY KEY (\`PlayerId\`), UNIQUE KEY \`Login\` (\`Login\`), KEY \`LastVisit\` (\`LastVisit\`), KEY \`TimePlayed\` (\`TimePlayed\`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci AUTO_INCREMENT=1;
        CREATE TABLE IF NOT EXISTS \`uaseco_ratings\` (
          \`MapId\` mediumint(3) unsigned DEFAULT '0', \`PlayerId\` mediumint(3) unsigned DEFAULT '0',
          \`Date\` timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, \`Score\` tinyint(1) signed DEFAULT '0',
          PRIMARY KEY (\`MapId\`,\`PlayerId\`), KEY \`MapId\` (\`MapId\`), KEY \`PlayerId\` (\`PlayerId\`), KEY \`Date\` (\`Date\`), KEY \`Score\` (\`Score\`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
        CREATE TABLE IF NOT EXISTS \`uaseco_records\` (
          \`MapId\` mediumint(3) unsigned DEFAULT '0', \`PlayerId\` mediumint(3) unsigned DEFAULT '0', \`GamemodeId\` tinyint(1) unsigned DEFAULT '0',
          \`Date\` datetime DEFAULT '1970-01-01 00:00:00', \`Score\` int(4) unsigned DEFAULT '0', \`Checkpoints\` text COLLATE 'utf8mb4_unicode_ci',
          PRIMARY KEY (\`MapId\`,\`PlayerId\`,\`GamemodeId\`), KEY \`MapId\` (\`MapId\`), KEY \`PlayerId\` (\`PlayerId\`),
          KEY \`GamemodeId\` (\`GamemodeId\`), KEY \`Date\` (\`Date\`), KEY \`Score\` (\`Score\`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
        ALTER TABLE \`uaseco_maps\` ADD CONSTRAINT \`uaseco_maps_ibfk_1\` FOREIGN KEY (\`AuthorId\`) REFERENCES \`uaseco_authors\` (\`AuthorId\`);
        ALTER TABLE \`uaseco_ratings\`
          ADD CONSTRAINT \`uaseco_ratings_ibfk_2\` FOREIGN KEY (\`PlayerId\`) REFERENCES \`uaseco_players\` (\`PlayerId\`) ON DELETE CASCADE ON UPDATE CASCADE,
          ADD CONSTRAINT \`uaseco_ratings_ibfk_1\` FOREIGN KEY (\`MapId\`) REFERENCES \`uaseco_maps\` (\`MapId\`) ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE \`uaseco_records\`
          ADD CONSTRAINT \`uaseco_records_ibfk_2\` FOREIGN KEY (\`PlayerId\`) REFERENCES \`uaseco_players\` (\`PlayerId\`) ON DELETE CASCADE ON UPDATE CASCADE,
          ADD CONSTRAINT \`uaseco_records_ibfk_1\` FOREIGN KEY (\`MapId\`) REFERENCES \`uaseco_maps\` (\`MapId\`) ON DELETE CASCADE ON UPDATE CASCADE;
        INSERT INTO uaseco_authors (Login, Nickname) VALUES ('nadeo', 'Nadeo'), ('Olga', '$f00Olga');
        INSERT INTO uaseco_players (Login, Nickname, LastVisit, TimePlayed) VALUES ('olga', '$f00Ol$fffga', '2020-05-01 20:00:00', 7200), ('xXBobXx', '$w$09fБоб ★', '2020-05-02 20:00:00', 60);
        INSERT INTO uaseco_maps (Uid, Name, AuthorId, Mood, MultiLap, Validated) VALUES ('uidA', '$s$0f0Canyon', 1, 'Day', 'false', 'true'), ('uidGone', 'Gone', 2, 'Night', 'true', 'true'), ('uidB', '$o$f80Sunset Run', 2, 'Sunset', 'false', 'true');
        INSERT INTO uaseco_records (MapId, PlayerId, GamemodeId, Date, Score, Checkpoints) VALUES
          (1, 1, 2, '2020-05-01 19:00:00', 45000, '15000,30000,45000'), (1, 1, 1, '2020-05-01 18:00:00', 47000, ''),
          (1, 2, 2, '2020-05-01 18:00:00', 46000, 'x'), (2, 1, 2, '2020-05-01 18:00:00', 50000, ''), (3, 2, 1, '2020-05-03 18:00:00', 61000, '20000,40000,61000');
        INSERT INTO uaseco_ratings (MapId, PlayerId, Score) VALUES (1, 1, 3), (1, 2, -2), (2, 2, 1), (3, 1, 0);
        DELETE FROM uaseco_maps WHERE Uid = 'uidGone'
      `);
      await assertCaseInsensitiveLogin(name, "INSERT INTO uaseco_players (Login, Nickname) VALUES ('OLGA', 'another Olga')");
      assert.deepEqual(await readAll(uasecoSource, name), [
        { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 7200, lastSeen: new Date('2020-05-01T20:00:00Z') },
        { kind: 'player', login: 'xXBobXx', nickname: '$w$09fБоб ★', playTimeSeconds: 60, lastSeen: new Date('2020-05-02T20:00:00Z') },
        { kind: 'map', uid: 'uidA', name: '$s$0f0Canyon', author: 'nadeo' },
        { kind: 'map', uid: 'uidB', name: '$o$f80Sunset Run', author: 'Olga' },
        { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 45000, checkpointsMs: [15000, 30000, 45000], drivenAt: new Date('2020-05-01T19:00:00Z') },
        { kind: 'rejected', what: 'checkpoints of uaseco_records row (MapId 1, PlayerId 2, GamemodeId 2)', reason: 'checkpoint "x" in "x" is not a time in ms; the time is imported without them' },
        { kind: 'record', mapUid: 'uidA', login: 'xXBobXx', timeMs: 46000, checkpointsMs: [46000], drivenAt: new Date('2020-05-01T18:00:00Z') },
        { kind: 'record', mapUid: 'uidB', login: 'xXBobXx', timeMs: 61000, checkpointsMs: [20000, 40000, 61000], drivenAt: new Date('2020-05-03T18:00:00Z') },
        { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
        { kind: 'karma', mapUid: 'uidA', login: 'xXBobXx', vote: -1 },
        { kind: 'rejected', what: 'uaseco_ratings row (MapId 3, PlayerId 1)', reason: 'vote 0 is neither good nor bad' },
      ]);
    });
  });

  test('MINIcontrol on MariaDB: players in the server\'s login order, maps, scores with lap checkpoints, likes; a score under another case of a login named', async () => {
    await withDatabase(async (name) => {
      // The MySQL statements Sequelize's queryInterface emits for the migrations in core/migrations of
      // github.com/EvoEsports/minicontrol (00-create-player/map/scores/maplikes, 01-add-playermodel, 02-add-map-mxid,
      // 03-add-player-playtime, 05-add-indexes-to-tables without sectors, 07-add-map-lastPlayed, 08-add-player-connectCount):
      // STRING is VARCHAR(255), DATE is DATETIME (written in UTC), BOOLEAN TINYINT(1), FLOAT FLOAT.
      await run(name, `
        CREATE TABLE IF NOT EXISTS \`players\` (\`login\` VARCHAR(255) NOT NULL , \`nickname\` VARCHAR(255) NOT NULL, \`customNick\` VARCHAR(255), \`allowOverride\` TINYINT(1), \`zone\` VARCHAR(255), \`updatedAt\` DATETIME, \`createdAt\` DATETIME, PRIMARY KEY (\`login\`)) ENGINE=InnoDB;
        CREATE TABLE IF NOT EXISTS \`maps\` (\`uuid\` VARCHAR(255) NOT NULL , \`name\` VARCHAR(255) NOT NULL, \`author\` VARCHAR(255) NOT NULL, \`authorNickname\` VARCHAR(255), \`authorTime\` INTEGER NOT NULL, \`environment\` VARCHAR(255), \`updatedAt\` DATETIME, \`createdAt\` DATETIME, PRIMARY KEY (\`uuid\`)) ENGINE=InnoDB;
        CREATE TABLE IF NOT EXISTS \`scores\` (\`id\` INTEGER auto_increment , \`mapUuid\` VARCHAR(255) NOT NULL, \`login\` VARCHAR(255) NOT NULL, \`time\` INTEGER NOT NULL, \`checkpoints\` VARCHAR(255), \`updatedAt\` DATETIME, \`createdAt\` DATETIME, PRIMARY KEY (\`id\`)) ENGINE=InnoDB;
        CREATE TABLE IF NOT EXISTS \`maplikes\` (\`id\` INTEGER NOT NULL auto_increment , \`login\` VARCHAR(255) NOT NULL, \`mapUuid\` VARCHAR(255) NOT NULL, \`vote\` FLOAT NOT NULL, \`updatedAt\` DATETIME, \`createdAt\` DATETIME, PRIMARY KEY (\`id\`)) ENGINE=InnoDB;
        ALTER TABLE \`maps\` ADD \`playerModel\` VARCHAR(255) DEFAULT NULL;
        ALTER TABLE \`maps\` ADD \`tmxId\` VARCHAR(255) DEFAULT NULL;
        ALTER TABLE \`players\` ADD \`totalPlaytime\` INTEGER DEFAULT 0;
        ALTER TABLE \`scores\` ADD UNIQUE INDEX \`idx_scores_mapUuid_login\` (\`mapUuid\`, \`login\`);
        ALTER TABLE \`maplikes\` ADD UNIQUE INDEX \`idx_maplikes_mapUuid_login\` (\`mapUuid\`, \`login\`);
        ALTER TABLE \`maps\` ADD \`lastPlayed\` DATETIME DEFAULT NULL;
        ALTER TABLE \`players\` ADD \`connectCount\` INTEGER DEFAULT 0;
        INSERT INTO players (login, nickname, zone, updatedAt, createdAt, totalPlaytime, connectCount) VALUES
          ('olga', '$f00Ol$fffga', 'World|Europe|Sweden', '2024-03-01 10:00:00', '2024-01-01 10:00:00', 3600, 12),
          ('Xaver_TM', '$i$fffXaver', 'World', NULL, NULL, NULL, 0),
          ('bob', '$w$09fБоб ★', 'World', '2024-02-01 08:30:00', '2024-02-01 08:00:00', 0, 1);
        INSERT INTO maps (uuid, name, author, authorNickname, authorTime, environment, createdAt) VALUES
          ('uidA', '$s$0f0Green', 'nadeo', 'Nadeo', 30000, 'Stadium', '2024-01-01 10:00:00'), ('uidB', '$o$f80Lap Run', 'olga', '$f00Olga', 61000, 'Stadium', NULL);
        INSERT INTO scores (mapUuid, login, time, checkpoints, updatedAt) VALUES
          ('uidA', 'olga', 30000, '10000,20000;30000', '2024-03-01 09:59:00'), ('uidB', 'bob', 61000, '10000,20000;30000,40000,50000;61000', NULL),
          ('uidGone', 'olga', 40000, '', '2024-01-02 10:00:00'), ('uidB', 'OLGA', 62000, '', '2024-03-02 10:00:00'), ('uidA', 'bob', 31000, '10x,20000', NULL);
        INSERT INTO maplikes (login, mapUuid, vote) VALUES ('olga', 'uidA', 1), ('bob', 'uidA', -1), ('olga', 'uidB', 0), ('bob', 'uidGone', 1)
      `);
      await assertCaseInsensitiveLogin(name, "INSERT INTO players (login, nickname) VALUES ('Olga', 'another Olga')");
      assert.deepEqual(await readAll(minicontrolSource, name), [
        // ORDER BY login in the column's case-insensitive collation: bob, olga, Xaver_TM.
        { kind: 'player', login: 'bob', nickname: '$w$09fБоб ★', playTimeSeconds: 0, firstSeen: new Date('2024-02-01T08:00:00Z'), lastSeen: new Date('2024-02-01T08:30:00Z') },
        { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 3600, firstSeen: new Date('2024-01-01T10:00:00Z'), lastSeen: new Date('2024-03-01T10:00:00Z') },
        { kind: 'player', login: 'Xaver_TM', nickname: '$i$fffXaver', playTimeSeconds: 0, firstSeen: undefined, lastSeen: undefined },
        { kind: 'map', uid: 'uidA', name: '$s$0f0Green', author: 'nadeo' },
        { kind: 'map', uid: 'uidB', name: '$o$f80Lap Run', author: 'olga' },
        { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 30000, checkpointsMs: [10000, 20000, 30000], drivenAt: new Date('2024-03-01T09:59:00Z') },
        { kind: 'record', mapUid: 'uidB', login: 'bob', timeMs: 61000, checkpointsMs: [10000, 20000, 30000, 40000, 50000, 61000], drivenAt: undefined },
        { kind: 'rejected', what: 'scores row 3 (map uidGone, player olga)', reason: 'map uidGone is not in maps' },
        // MINIcontrol's case-insensitive lookups let a score keep another case of the login than players has.
        { kind: 'rejected', what: 'scores row 4 (map uidB, player OLGA)', reason: 'player OLGA is not in players' },
        { kind: 'rejected', what: 'checkpoints of scores row 5 (map uidA, player bob)', reason: 'checkpoint "10x" in "10x,20000" is not a time in ms; the time is imported without them' },
        { kind: 'record', mapUid: 'uidA', login: 'bob', timeMs: 31000, checkpointsMs: [31000], drivenAt: undefined },
        { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
        { kind: 'karma', mapUid: 'uidA', login: 'bob', vote: -1 },
        { kind: 'rejected', what: 'maplikes row 3 (map uidB, player olga)', reason: 'vote 0 is neither a like nor a dislike' },
        { kind: 'rejected', what: 'maplikes row 4 (map uidGone, player bob)', reason: 'map uidGone is not in maps' },
      ]);
    });
  });

  test('values as mysql2 returns them: DATETIME and TIMESTAMP as UTC Dates, a zero date as an invalid Date, BIGINT as a number or text, DECIMAL as text', async () => {
    await withDatabase(async (name) => {
      const db = await openSource(urlOf(name));
      try {
        await db.query("SET SESSION sql_mode = ''");
        await db.query('CREATE TABLE t (d DATETIME, ts TIMESTAMP NULL, z DATETIME, small BIGINT, big BIGINT UNSIGNED, money DECIMAL(10,2), f FLOAT)');
        await db.query("INSERT INTO t VALUES ('2009-05-01 20:00:00', '2020-05-01 20:00:00', '0000-00-00 00:00:00', ?, ?, 12.50, 0.5)", [42, '18446744073709551615']);
        const [row] = await db.query('SELECT * FROM t');
        assert.ok(row!.z instanceof Date && Number.isNaN(row!.z.getTime()), String(row!.z));
        assert.deepEqual({ ...row, z: 'zero' }, { d: new Date('2009-05-01T20:00:00Z'), ts: new Date('2020-05-01T20:00:00Z'), z: 'zero', small: 42, big: '18446744073709551615', money: '12.50', f: 0.5 });
        assert.equal(await db.hasTable('t'), true);
        assert.equal(await db.hasTable('T'), false);
        assert.equal(await db.hasTable('players'), false);
      } finally {
        await db.close();
      }
    });
  });

  test('a wrong password and a missing database on a real server: the URL with its password hidden, and what to correct', async () => {
    const parsed = new URL(url);
    parsed.password = 'Wr0ng-Secret';
    const wrong = parsed.toString();
    const shown = (text: string) => text.replace(/^(mysql:\/\/[^:]*):[^@]*@/, '$1:***@');
    const error = await openSource(wrong).catch((caught: unknown) => caught);
    assert.ok(isPitwallError(error, 'PW_ERR_IMPORT_SOURCE'), String(error));
    const at = `${parsed.hostname}:${parsed.port || 3306}`;
    assert.equal(error.message,
      `Cannot read the import source ${shown(wrong)}: the MySQL/MariaDB server at ${at} refused user '${decodeURIComponent(parsed.username)}' ` +
      `(Access denied for user '${decodeURIComponent(parsed.username)}'@'${parsed.hostname}' (using password: YES)). ` +
      "Fix: put the user and password the other controller logs in with in the URL (XAseco: localdatabase.xml, UASECO: config/UASECO.xml, MINIcontrol: DATABASE in .env), " +
      'percent-encoding special characters (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23).');
    assert.ok(!error.message.includes('Wr0ng-Secret'));

    const missing = urlOf(`pitwall_test_${randomBytes(6).toString('hex')}`);
    const noDatabase = await openSource(missing).catch((caught: unknown) => caught);
    assert.ok(isPitwallError(noDatabase, 'PW_ERR_IMPORT_SOURCE'), String(noDatabase));
    assert.equal(noDatabase.message,
      `Cannot read the import source ${shown(missing)}: the MySQL/MariaDB server at ${at} has no database '${new URL(missing).pathname.slice(1)}'. ` +
      "Fix: put the name of the other controller's database after the host (SHOW DATABASES lists them).");
    if (password.length >= 3) assert.ok(!noDatabase.message.includes(password));
  });
}
