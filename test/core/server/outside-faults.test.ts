import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PitwallError } from '../../../core/errors.js';
import { GbxConnectionError, GbxFault } from '../../../core/gbx/client.js';
import { isDepartedPlayerFault, isOutsideFault } from '../../../core/server/outside-faults.js';

it('tells faults caused by the outside world from an app\'s own errors, through wrapping causes', () => {
  const departed = new GbxFault(-1000, 'Login unknown.', 'ChatSendServerMessageToLogin');
  assert.equal(isDepartedPlayerFault(departed), true);
  assert.equal(isDepartedPlayerFault(new GbxFault(-1000, 'Internal error.', 'ChatSendServerMessageToLogin')), false);
  assert.equal(isOutsideFault(departed), true);
  assert.equal(isOutsideFault(new GbxFault(-1000, 'Change in progress.', 'NextMap')), true);
  assert.equal(isOutsideFault(new GbxConnectionError('GetPlayerInfo got no answer within 10000 ms')), true);
  assert.equal(isOutsideFault(new PitwallError('PW_ERR_GBX_DISCONNECTED', { method: 'NextMap', state: 'reconnecting' })), true);
  assert.equal(isOutsideFault(new Error('could not greet', { cause: departed })), true);
  assert.equal(isOutsideFault(new GbxFault(-1000, 'Internal error.', 'Kick')), false);
  assert.equal(isOutsideFault(new TypeError('x is undefined')), false);
  assert.equal(isOutsideFault('a string'), false);
});
