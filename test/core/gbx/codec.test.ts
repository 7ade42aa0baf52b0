import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, double, encodeCall, encodeFault, encodeResponse, encodeValue, type XmlRpcValue } from '../../../core/gbx/codec.js';

function roundTrip(value: XmlRpcValue): XmlRpcValue {
  const message = decodeMessage(encodeResponse(value));
  assert.equal(message.kind, 'response');
  return (message as { value: XmlRpcValue }).value;
}

describe('XML-RPC codec', () => {
  it('round-trips every value type, edge values included', () => {
    const values: XmlRpcValue[] = [
      '',
      'plain',
      'unicode: Ünïcødé $f80 🚗 日本語',
      'entities: <tag attr="x"> & \'quotes\' ]]>',
      0,
      -1,
      2147483647,
      -2147483648,
      1.5,
      -0.25,
      true,
      false,
      null,
      [],
      {},
      [1, 'two', [3, [4]], { five: 5 }],
      { nested: { deeper: { list: [true, null, 'x'] } }, 'odd <key>': 'v' },
      Buffer.from([0, 1, 2, 250, 255]),
      Buffer.alloc(0),
    ];
    for (const value of values) assert.deepEqual(roundTrip(value), value);
  });

  it('sends whole numbers as int, others and forced ones as double, and big ones as double', () => {
    assert.equal(encodeValue(3), '<value><int>3</int></value>');
    assert.equal(encodeValue(double(3)), '<value><double>3</double></value>');
    assert.equal(encodeValue(2.5), '<value><double>2.5</double></value>');
    assert.equal(encodeValue(2 ** 40), `<value><double>${2 ** 40}</double></value>`);
    assert.equal(roundTrip(double(1)), 1);
    assert.throws(() => encodeValue(Number.NaN), /doubles must be finite/);
  });

  it('round-trips dates as UTC dateTime.iso8601', () => {
    const date = new Date('2026-11-25T06:30:15Z');
    assert.equal(encodeValue(date), '<value><dateTime.iso8601>20261125T06:30:15</dateTime.iso8601></value>');
    assert.deepEqual(roundTrip(date), date);
  });

  it('decodes the variants real servers send: untyped strings, i4, i8, whitespace, comments, empty tags', () => {
    const xml = `<?xml version="1.0"?>
      <methodResponse><!-- note --><params><param><value><struct>
        <member><name>a</name><value>untyped &amp; text</value></member>
        <member><name>b</name><value><i4> -42 </i4></value></member>
        <member><name>c</name><value><i8>9007199254740991</i8></value></member>
        <member><name>d</name><value><string/></value></member>
        <member><name>e</name><value/></member>
        <member><name>f</name><value><array><data/></array></value></member>
        <member><name>g</name><value><nil/></value></member>
        <member><name>h</name><value><string>&#233;&#x1F697;</string></value></member>
      </struct></value></param></params></methodResponse>`;
    assert.deepEqual(decodeMessage(xml), {
      kind: 'response',
      value: { a: 'untyped & text', b: -42, c: 9007199254740991, d: '', e: '', f: [], g: null, h: 'é🚗' },
    });
  });

  it('decodes every valid spelling: CDATA, self-closing empties, declaration, BOM, entities, attributes, spaced tags', () => {
    const xml =
      '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE methodCall>\n' +
      '<methodCall>\n  <methodName><![CDATA[Pitwall.Test]]></methodName>\n  <params>\n' +
      '    <param><value><string><![CDATA[a <b> & c ]]]]><![CDATA[> d]]></string></value></param>\n' +
      '    <param><value><![CDATA[untyped <cdata>]]></value></param>\n' +
      '    <param><value>  <i4>7</i4>  </value></param>\n' +
      '    <param><value><int>-8</int></value></param>\n' +
      '    <param><value><string/></value></param>\n' +
      '    <param><value><string /></value></param>\n' +
      '    <param><value><base64/></value></param>\n' +
      '    <param><value><array><data/></array></value></param>\n' +
      '    <param><value><array>\n<data>\n<value><i4>1</i4></value>\n</data>\n</array></value></param>\n' +
      '    <param><value><nil/></value></param>\n' +
      '    <param><value><nil></nil></value></param>\n' +
      '    <param><value><struct>\n<member><name><![CDATA[key]]></name><value><string>v</string></value></member>\n' +
      '<member><name/><value><boolean>1</boolean></value></member></struct></value></param>\n' +
      '    <param><value><struct/></value></param>\n' +
      '    <param><value><string>&lt;&gt;&amp;&quot;&apos;&#39;&#x27;&#233;&#x1F697;</string></value></param>\n' +
      '    <param><value><string>a<!-- note -->b</string></value></param>\n' +
      '    <param><value><!-- typed --><string>c</string></value></param>\n' +
      '    <param ><value xml:space="preserve"><string>d</string ></value ></param>\n' +
      '  </params>\n</methodCall>\n';
    assert.deepEqual(decodeMessage(xml), {
      kind: 'call',
      method: 'Pitwall.Test',
      params: [
        'a <b> & c ]]> d',
        'untyped <cdata>',
        7,
        -8,
        '',
        '',
        Buffer.alloc(0),
        [],
        [1],
        null,
        null,
        { key: 'v', '': true },
        {},
        `<>&"'''é🚗`,
        'ab',
        'c',
        'd',
      ],
    });
    assert.deepEqual(decodeMessage('<methodCall><methodName>ManiaPlanet.ServerStart</methodName><params/></methodCall>'), {
      kind: 'call',
      method: 'ManiaPlanet.ServerStart',
      params: [],
    });
  });

  it('still refuses markup inside a text value', () => {
    assert.throws(() => decodeMessage('<methodCall><methodName>a<b/></methodName></methodCall>'), {
      message: 'Malformed XML-RPC at character 25: unexpected markup before </methodName>',
    });
    assert.throws(() => decodeMessage('<methodResponse><params><param><value><string>x<![CDATA[y</string></value></param></params></methodResponse>'), {
      message: 'Malformed XML-RPC at character 47: unterminated CDATA section',
    });
    assert.throws(() => decodeMessage('<methodResponse><params><param><value><int/></value></param></params></methodResponse>'), {
      message: 'Malformed XML-RPC at character 44: empty <int/> has no value',
    });
  });

  it('decodes calls with and without params, and faults', () => {
    assert.deepEqual(decodeMessage(encodeCall('ManiaPlanet.PlayerConnect', ['bob', false])), {
      kind: 'call',
      method: 'ManiaPlanet.PlayerConnect',
      params: ['bob', false],
    });
    assert.deepEqual(decodeMessage('<methodCall><methodName>ManiaPlanet.ServerStart</methodName></methodCall>'), {
      kind: 'call',
      method: 'ManiaPlanet.ServerStart',
      params: [],
    });
    assert.deepEqual(decodeMessage(encodeFault({ faultCode: -506, faultString: "Method 'x' not defined" })), {
      kind: 'fault',
      fault: { faultCode: -506, faultString: "Method 'x' not defined" },
    });
  });

  it("reads the server's own answer envelope the same as the general path, and anything else in it as before", () => {
    // The envelope as a dedicated server writes it (test/fixtures/gbx/server-get-version.xml names the sources).
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n<params>\n<param>';
    const tail = '</param>\n</params>\n</methodResponse>';
    const status = `${head}<value><struct>\n<member><name>Code</name><value><i4>4</i4></value></member>\n<member><name>Name</name><value><string>Running - Play</string></value></member>\n</struct></value>${tail}`;
    assert.deepEqual(decodeMessage(status), { kind: 'response', value: { Code: 4, Name: 'Running - Play' } });
    assert.deepEqual(decodeMessage(`${status}\n`), { kind: 'response', value: { Code: 4, Name: 'Running - Play' } });
    // Two values in the one param: the general path names the problem, as it does without the envelope.
    const twoValues = `${head}<value><i4>1</i4></value><value><i4>2</i4></value>${tail}`;
    const general = twoValues.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8" ?>\n');
    const messageOf = (xml: string): string => {
      try {
        decodeMessage(xml);
        return 'decoded';
      } catch (error) {
        return (error as Error).message;
      }
    };
    assert.equal(messageOf(twoValues), "Malformed XML-RPC at character 97: expected </param>, found '<value><i4>2</i4></v'");
    assert.equal(messageOf(general), "Malformed XML-RPC at character 98: expected </param>, found '<value><i4>2</i4></v'");
    // A bad value inside the envelope fails where it is.
    assert.throws(() => decodeMessage(`${head}<value><i4>x</i4></value>${tail}`), { name: 'XmlRpcParseError', message: "Malformed XML-RPC at character 89: <i4> must hold a whole number, got 'x'" });
  });

  it('keeps a struct member called __proto__ as data', () => {
    const value = roundTrip({ ['__proto__']: 'data' } as unknown as XmlRpcValue) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, 'data');
  });

  it('names the problem and its position in malformed XML', () => {
    const cases: [string, string][] = [
      ['<html></html>', 'Malformed XML-RPC at character 6: expected <methodCall> or <methodResponse>, found <html>'],
      ['<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>', "Malformed XML-RPC at character 50: <int> must hold a whole number, got 'x'"],
      ['<methodResponse><params><param><value><boolean>2</boolean></value>', "Malformed XML-RPC at character 58: boolean must be 0 or 1, got '2'"],
      ['<methodResponse><params><param><value><blob>1</blob></value>', 'Malformed XML-RPC at character 44: unknown value type <blob>'],
      ['<methodResponse><params><param><value><string>cut', 'Malformed XML-RPC at character 46: missing </string>'],
      ['', 'Malformed XML-RPC at character 0: expected a tag'],
    ];
    for (const [xml, message] of cases) assert.throws(() => decodeMessage(xml), { name: 'XmlRpcParseError', message });
  });
});
