import assert from 'node:assert/strict';
import { it } from 'node:test';
import { maskIps } from '../../../core/reporting/ip-mask.js';

it('masks IPv4 and every IPv6 form: full, compressed, loopback, link-local with a zone, IPv4-mapped, bracketed with a port', () => {
  const cases: [string, string][] = [
    ['from 10.1.2.3', 'from <ip>'],
    ['from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 on', 'from <ip> on'],
    ['from 2001:db8::1.', 'from <ip>.'],
    ['loopback ::1', 'loopback <ip>'],
    ['fe80::1ff:fe23:4567:890a%eth0 down', '<ip> down'],
    ['FE80::1%25eth0', '<ip>'],
    ['mapped ::ffff:192.0.2.44', 'mapped <ip>'],
    ['[2001:db8::2]:2350', '[<ip>]:2350'],
  ];
  for (const [input, expected] of cases) assert.equal(maskIps(input), expected, input);
});

it('keeps times, C++ names, MAC-like runs and lone colons, which are not addresses', () => {
  for (const text of ['at 12:30:45', 'std::string', 'a :: b', 'de:ad:be:ef:00:11', 'cafe:babe', 'ratio 1:2']) assert.equal(maskIps(text), text, text);
});
