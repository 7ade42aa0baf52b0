// XAseco's tables transcribed from localdb/aseco.sql and localdb/rasp.sql (github.com/TheB1gG/xaseco) for SQLite:
// MyISAM/int widths dropped, columns and keys kept. Checkpoints comma-joined as plugin.localdatabase.php writes them.
export const XASECO_DDL = `
  CREATE TABLE challenges (Id INTEGER PRIMARY KEY AUTOINCREMENT, Uid varchar(27) NOT NULL default '' UNIQUE, Name varchar(100) NOT NULL default '', Author varchar(30) NOT NULL default '', Environment varchar(10) NOT NULL default '');
  CREATE TABLE players (Id INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(50) NOT NULL default '' UNIQUE, Game varchar(3) NOT NULL default '', NickName varchar(100) NOT NULL default '', Nation varchar(3) NOT NULL default '', UpdatedAt datetime NOT NULL default '0000-00-00 00:00:00', Wins mediumint NOT NULL default 0, TimePlayed int NOT NULL default 0, TeamName char(60) NOT NULL default '');
  CREATE TABLE records (Id INTEGER PRIMARY KEY AUTOINCREMENT, ChallengeId mediumint NOT NULL default 0, PlayerId mediumint NOT NULL default 0, Score int NOT NULL default 0, Date datetime NOT NULL default '0000-00-00 00:00:00', Checkpoints text NOT NULL, UNIQUE (PlayerId, ChallengeId));
  CREATE TABLE rs_karma (Id INTEGER PRIMARY KEY AUTOINCREMENT, ChallengeId mediumint NOT NULL default 0, PlayerId mediumint NOT NULL default 0, Score tinyint NOT NULL default 0, UNIQUE (PlayerId, ChallengeId));
  CREATE TABLE rs_times (ID INTEGER PRIMARY KEY AUTOINCREMENT, challengeID mediumint NOT NULL default 0, playerID mediumint NOT NULL default 0, score int NOT NULL default 0, date int NOT NULL default 0, checkpoints text NOT NULL);
  INSERT INTO challenges (Uid, Name, Author) VALUES ('uidA', '$s$f80Sunrise', 'Nadeo');
  INSERT INTO players (Login, NickName, UpdatedAt, TimePlayed) VALUES ('olga', '$f00Ol$fffga', '2009-05-01 20:00:00', 7200), ('Olga', '$iOlga', '0000-00-00 00:00:00', 60);
  INSERT INTO records (ChallengeId, PlayerId, Score, Date, Checkpoints) VALUES (1, 1, 45000, '2009-05-01 19:00:00', '15000,30000,45000'), (1, 2, 46000, '2009-05-01 19:30:00', ''), (7, 1, 50000, '2009-04-01 19:00:00', ''), (1, 9, 47000, '2009-04-01 19:00:00', ''), (1, 1, 48000, '2009-04-01 19:00:00', '30000,20000');
  INSERT INTO rs_times (challengeID, playerID, score, date, checkpoints) VALUES (1, 2, 46000, 1241204400, '16000,31000');
  INSERT INTO rs_karma (ChallengeId, PlayerId, Score) VALUES (1, 1, 1), (1, 2, -1), (1, 3, 0), (7, 1, 1);
`;

/** XAseco's tables and rows, the records table without its unique key: its last row repeats a player and map
 * (as a database repaired by hand can) and its checkpoints go backwards. */
export const XASECO_ROWS = XASECO_DDL.replace(', UNIQUE (PlayerId, ChallengeId));\n  CREATE TABLE rs_karma', ');\n  CREATE TABLE rs_karma');

// UASECO's tables transcribed from the CREATE TABLE statements in uaseco.php (github.com/undeflabs/UASECO-Maniaplanet)
// for SQLite, default prefix uaseco_: engine, collations and secondary keys dropped, the columns read kept.
export const UASECO_ROWS = `
  CREATE TABLE uaseco_authors (AuthorId INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(64) DEFAULT '' UNIQUE, Nickname varchar(100) DEFAULT '');
  CREATE TABLE uaseco_players (PlayerId INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(64) DEFAULT '' UNIQUE, Nickname varchar(100) DEFAULT '', Zone varchar(256) DEFAULT '', LastVisit datetime DEFAULT '1970-01-01 00:00:00', Visits mediumint DEFAULT 0, Wins mediumint DEFAULT 0, Donations mediumint DEFAULT 0, TimePlayed int DEFAULT 0);
  CREATE TABLE uaseco_maps (MapId INTEGER PRIMARY KEY AUTOINCREMENT, Uid varchar(27) DEFAULT '' UNIQUE, Filename text, Name varchar(100) DEFAULT '', AuthorId mediumint DEFAULT 0);
  CREATE TABLE uaseco_records (MapId mediumint DEFAULT 0, PlayerId mediumint DEFAULT 0, GamemodeId tinyint DEFAULT 0, Date datetime DEFAULT '1970-01-01 00:00:00', Score int DEFAULT 0, Checkpoints text, PRIMARY KEY (MapId, PlayerId, GamemodeId));
  CREATE TABLE uaseco_ratings (MapId mediumint DEFAULT 0, PlayerId mediumint DEFAULT 0, Date timestamp DEFAULT CURRENT_TIMESTAMP, Score tinyint DEFAULT 0, PRIMARY KEY (MapId, PlayerId));
  INSERT INTO uaseco_authors (Login) VALUES ('nadeo');
  INSERT INTO uaseco_players (Login, Nickname, LastVisit, TimePlayed) VALUES ('olga', '$f00Ol$fffga', '2020-05-01 20:00:00', 7200), ('Olga', '$iOlga', '2020-05-02 20:00:00', 60);
  INSERT INTO uaseco_maps (Uid, Name, AuthorId) VALUES ('uidA', '$s$0f0Canyon', 1);
  INSERT INTO uaseco_records VALUES (1, 1, 2, '2020-05-01 19:00:00', 45000, '15000,30000,45000'), (1, 1, 1, '2020-05-01 18:00:00', 47000, ''), (1, 2, 2, '2020-05-01 18:00:00', 46000, 'x'), (7, 1, 2, '2020-05-01 18:00:00', 50000, '');
  INSERT INTO uaseco_ratings (MapId, PlayerId, Score) VALUES (1, 1, 3), (1, 2, -2), (1, 3, 1), (7, 2, 0);
`;

// MINIcontrol's tables as its Sequelize migrations (core/migrations/00-create-*.ts, 03-add-player-playtime.ts)
// create them on SQLite; checkpoint strings as core/plugins/records joins them (`,` between, `;` at a lap end).
export const MINICONTROL_ROWS = `
    CREATE TABLE players (login VARCHAR(255) NOT NULL PRIMARY KEY, nickname VARCHAR(255) NOT NULL, customNick VARCHAR(255), allowOverride TINYINT(1), zone VARCHAR(255), updatedAt DATETIME, createdAt DATETIME, totalPlaytime INTEGER DEFAULT 0);
    CREATE TABLE maps (uuid VARCHAR(255) NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, author VARCHAR(255) NOT NULL, authorNickname VARCHAR(255), authorTime INTEGER NOT NULL, environment VARCHAR(255), updatedAt DATETIME, createdAt DATETIME);
    CREATE TABLE scores (id INTEGER PRIMARY KEY AUTOINCREMENT, mapUuid VARCHAR(255) NOT NULL, login VARCHAR(255) NOT NULL, time INTEGER NOT NULL, checkpoints VARCHAR(255), updatedAt DATETIME, createdAt DATETIME);
    CREATE TABLE maplikes (id INTEGER PRIMARY KEY AUTOINCREMENT, login VARCHAR(255) NOT NULL, mapUuid VARCHAR(255) NOT NULL, vote FLOAT NOT NULL, updatedAt DATETIME, createdAt DATETIME);
    INSERT INTO players VALUES ('olga', '$f00Ol$fffga', NULL, NULL, 'World', '2024-03-01 10:00:00.000 +00:00', '2024-01-01 10:00:00.000 +00:00', 3600);
    INSERT INTO players VALUES ('Olga', '$iOlga', NULL, NULL, 'World', NULL, NULL, 0);
    INSERT INTO maps VALUES ('uidA', '$s$0f0Green', 'nadeo', 'Nadeo', 30000, 'Stadium', NULL, NULL);
    INSERT INTO scores (mapUuid, login, time, checkpoints) VALUES ('uidA', 'olga', 30000, '10000,20000;30000'), ('uidA', 'Olga', 31000, '10x,20000'), ('gone', 'olga', 40000, ''), ('uidA', 'nobody', 32000, '');
    INSERT INTO maplikes (login, mapUuid, vote) VALUES ('olga', 'uidA', 1), ('Olga', 'uidA', -1), ('olga', 'uidA', 0);
  `;

// PyPlanet's tables as Peewee creates them on SQLite from its models (github.com/PyPlanet/PyPlanet, under pyplanet/:
// core/db/model.py TimedModel, apps/core/maniaplanet/models/player.py and map.py,
// apps/contrib/local_records/models/local_record.py, apps/contrib/karma/models/karma.py), with the unique indexes of
// their Meta and migrations. Dates as Peewee writes a naive datetime.now() to SQLite; checkpoints `,`-joined with the
// finish last as apps/contrib/local_records/__init__.py stores them; karma as apps/contrib/karma/__init__.py writes a
// vote (`++` 1/1, `-` -1/-0.5, `+-` -1/0) or as it was before expanded_score (score only).
// PyPlanet sets no SQLite pragma, so foreign keys stay off (SQLite's default) and a map or player row deleted by hand
// leaves its records and votes behind: the map uidGone and the player ghost below.
export const PYPLANET_ROWS = `
  PRAGMA foreign_keys = OFF;
  CREATE TABLE "player" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "login" VARCHAR(100) NOT NULL, "nickname" VARCHAR(150) NOT NULL, "last_ip" VARCHAR(46), "last_seen" DATETIME, "total_playtime" INTEGER NOT NULL, "total_donations" INTEGER NOT NULL, "level" INTEGER NOT NULL);
  CREATE UNIQUE INDEX "player_login" ON "player" ("login");
  CREATE TABLE "map" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "uid" VARCHAR(50) NOT NULL, "name" VARCHAR(150) NOT NULL, "file" VARCHAR(255) NOT NULL, "author_login" VARCHAR(100) NOT NULL, "author_nickname" VARCHAR(150), "environment" VARCHAR(30), "title" VARCHAR(255), "map_type" VARCHAR(255), "map_style" VARCHAR(255), "num_laps" INTEGER, "num_checkpoints" INTEGER, "price" INTEGER, "time_author" INTEGER, "time_bronze" INTEGER, "time_silver" INTEGER, "time_gold" INTEGER, "mx_id" INTEGER);
  CREATE UNIQUE INDEX "map_uid" ON "map" ("uid");
  CREATE INDEX "map_mx_id" ON "map" ("mx_id");
  CREATE TABLE "localrecord" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "map_id" INTEGER NOT NULL, "player_id" INTEGER NOT NULL, "score" INTEGER NOT NULL, "checkpoints" TEXT NOT NULL, FOREIGN KEY ("map_id") REFERENCES "map" ("id"), FOREIGN KEY ("player_id") REFERENCES "player" ("id"));
  CREATE INDEX "localrecord_map_id" ON "localrecord" ("map_id");
  CREATE INDEX "localrecord_player_id" ON "localrecord" ("player_id");
  CREATE UNIQUE INDEX "localrecord_player_id_map_id" ON "localrecord" ("player_id", "map_id");
  CREATE TABLE "karma" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "map_id" INTEGER NOT NULL, "player_id" INTEGER NOT NULL, "score" INTEGER, "expanded_score" REAL, FOREIGN KEY ("map_id") REFERENCES "map" ("id"), FOREIGN KEY ("player_id") REFERENCES "player" ("id"));
  CREATE INDEX "karma_map_id" ON "karma" ("map_id");
  CREATE INDEX "karma_player_id" ON "karma" ("player_id");
  CREATE UNIQUE INDEX "karma_player_id_map_id" ON "karma" ("player_id", "map_id");
  INSERT INTO player VALUES (1, '2023-01-05 18:00:00.412000', '2024-03-01 10:00:00', 'olga', '$f00Ol$fffga', '10.0.0.5', '2024-03-01 10:00:00', 7200, 0, 3);
  INSERT INTO player VALUES (2, '2023-02-01 20:00:00', '2023-02-01 20:00:00', 'Olga', '$i$o$09fOlga', NULL, NULL, 0, 0, 0);
  INSERT INTO map VALUES (1, '2023-01-05 18:00:00', '2023-01-05 18:00:00', 'uidA', '$s$0f0Green $fffHills', 'Campaign/A01.Map.Gbx', 'nadeo', 'Nadeo', 'Stadium', 'TMStadium', 'TrackMania\\TM_Race', '', 1, 5, NULL, 30000, 45000, 38000, 32000, NULL);
  INSERT INTO map VALUES (2, '2023-01-06 18:00:00', '2023-01-06 18:00:00', 'uidB', '$o$f80Sunset', 'MX/Sunset.Map.Gbx', 'mapper_x', '$f80mapper', 'Stadium', 'TMStadium', 'TrackMania\\TM_Race', '', 1, 3, NULL, 40000, 60000, 50000, 44000, 12345);
  INSERT INTO map VALUES (3, '2023-01-07 17:00:00', '2023-01-07 17:00:00', 'uidGone', 'Old $f00Map', 'Old.Map.Gbx', 'nadeo', NULL, 'Stadium', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  INSERT INTO player VALUES (9, '2023-01-07 17:00:00', '2023-01-07 17:00:00', 'ghost', 'Ghost', NULL, NULL, 5, 0, 0);
  INSERT INTO localrecord VALUES (1, '2023-01-05 18:10:00', '2024-02-29 21:15:30.250000', 1, 1, 30000, '10000,20000,30000');
  INSERT INTO localrecord VALUES (2, '2023-02-01 20:05:00', '2023-02-01 20:05:00', 1, 2, 31000, '');
  INSERT INTO localrecord VALUES (3, '2023-01-07 18:00:00', '2023-01-07 18:00:00', 3, 1, 50000, '25000,50000');
  INSERT INTO localrecord VALUES (4, '2023-01-07 18:00:00', '2023-01-07 18:00:00', 2, 9, 47000, '20000,47000');
  INSERT INTO localrecord VALUES (5, '2023-01-08 18:00:00', '2023-01-08 18:00:00', 2, 1, 42000, '14000,x,42000');
  INSERT INTO karma VALUES (1, '2023-01-05 18:20:00', '2023-01-05 18:20:00', 1, 1, 1, NULL);
  INSERT INTO karma VALUES (2, '2023-02-01 20:10:00', '2023-02-01 20:10:00', 1, 2, -1, -0.5);
  INSERT INTO karma VALUES (3, '2023-01-08 18:20:00', '2023-01-08 18:20:00', 2, 1, -1, 0);
  INSERT INTO karma VALUES (4, '2023-02-01 20:20:00', '2023-02-01 20:20:00', 2, 2, 1, 0.5);
  INSERT INTO karma VALUES (5, '2023-01-07 18:20:00', '2023-01-07 18:20:00', 3, 2, 1, 1);
  INSERT INTO karma VALUES (6, '2023-01-07 18:20:00', '2023-01-07 18:20:00', 2, 9, -1, -1);
  DELETE FROM map WHERE id = 3;
  DELETE FROM player WHERE id = 9;
`;
