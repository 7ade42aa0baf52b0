import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PitwallError } from '../../../core/errors.js';
import { isConnectionFault } from '../../../core/storage/connection-faults.js';
import { describeQueryError } from '../../../core/storage/scoped-dialect.js';

/** A node-postgres DatabaseError as it arrives from the server: message and SQLSTATE in `code`. */
function serverError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

const owner = { label: "app 'records'", where: 'PostgreSQL at db.local:5432/pitwall' };

it('connection errors of node-postgres and PostgreSQL are connection faults; errors of the query are not', () => {
  // Socket errors, as net raises them under pg's Client and pg-pool.
  const socket = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].map((code) => Object.assign(new Error(`connect ${code} 10.0.0.5:5432`), { code }));
  // PostgreSQL's SQLSTATEs (errcodes.txt, class 57 "Operator Intervention" and class 08): `pg_ctl stop -m fast`
  // and `-m immediate` end sessions with 57P01, a crashed backend's siblings get 57P02, a server starting up
  // or shutting down refuses connections with 57P03.
  const server = [
    serverError('terminating connection due to administrator command', '57P01'),
    serverError('terminating connection due to immediate shutdown command', '57P01'),
    serverError('terminating connection because of crash of another server process', '57P02'),
    serverError('the database system is starting up', '57P03'),
    serverError('the database system is shutting down', '57P03'),
    serverError('connection failure', '08006'),
  ];
  // node-postgres' own texts, with no code: a socket that closed under a query (pg/lib/client.js) and a
  // pool that could not connect within connectionTimeoutMillis (pg-pool).
  const driver = [new Error('Connection terminated unexpectedly'), new Error('Connection terminated due to connection timeout'), new Error('timeout exceeded when trying to connect')];
  for (const error of [...socket, ...server, ...driver]) {
    assert.equal(isConnectionFault(error), true, error.message);
    assert.equal(describeQueryError(error, owner).code, 'PW_ERR_DATABASE_UNAVAILABLE', error.message);
  }
  const query = [serverError('syntax error at or near "selec"', '42601'), serverError('duplicate key value violates unique constraint "records_pk"', '23505'), serverError('relation "nope" does not exist', '42P01'), new TypeError('x is not a function')];
  for (const error of query) {
    assert.equal(isConnectionFault(error), false, error.message);
    assert.equal(describeQueryError(error, owner).code, 'PW_ERR_DATABASE_QUERY', error.message);
  }
  assert.equal(isConnectionFault(undefined), false);
  assert.equal(isConnectionFault('ECONNREFUSED'), false);
});

it('the PitwallError for a lost connection, and an app error wrapping it, are connection faults', () => {
  const lost = describeQueryError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), owner);
  assert.equal(
    lost.message,
    "A database query by app 'records' could not complete: the connection to PostgreSQL at db.local:5432/pitwall failed (read ECONNRESET). " +
      'Pitwall opens a new connection for the next query. Fix: check that the database server is running and reachable.',
  );
  assert.equal(isConnectionFault(lost), true);
  assert.equal(isConnectionFault(new Error('could not save the record', { cause: lost })), true);
  const failed = new PitwallError('PW_ERR_DATABASE_QUERY', { owner: owner.label, where: owner.where, message: 'syntax error' });
  assert.equal(isConnectionFault(failed), false);
  assert.equal(isConnectionFault(new Error('wrapped', { cause: failed })), false);
});
