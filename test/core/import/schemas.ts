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
