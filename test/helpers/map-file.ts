/**
 * A map file laid out as Trackmania writes one (GBX version 6, "BUCR", class 0x03043000 CGameCtnChallenge):
 * the header with its XML chunk 0x03043005 (`<header type="map"><ident .../><desc .../><times .../></header>`),
 * then a stand-in for the compressed body. Real files carry more header chunks (thumbnail, author info); a
 * server, the sandbox and Pitwall read only these parts.
 */
export interface MapFileFields {
  uid: string;
  name: string;
  author: string;
  environment?: string;
  authorTime?: number;
  /** Bytes of body after the header, to make files of a given size. */
  bodyBytes?: number;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function mapFile(fields: MapFileFields): Buffer {
  const xml =
    `<header type="map" exever="3.3.0" exebuild="2024-03-19_14_47" title="TMStadium" lightmap="0">` +
    `<ident uid="${escape(fields.uid)}" name="${escape(fields.name)}" author="${escape(fields.author)}" authorzone="World"/>` +
    `<desc envir="${escape(fields.environment ?? 'Stadium')}" mood="Day" type="Race" maptype="TrackMania\\TM_Race" mapstyle="" validated="1" nblaps="0" displaycost="1234" mod="" hasghostblocks="0" />` +
    `<playermodel id="CarSport"/><times bronze="45000" silver="36000" gold="32000" authortime="${fields.authorTime ?? 30_000}" authorscore="${fields.authorTime ?? 30_000}"/>` +
    `<deps></deps></header>`;
  const xmlBytes = Buffer.from(xml, 'utf8');
  const chunk = Buffer.alloc(4 + xmlBytes.length);
  chunk.writeUInt32LE(xmlBytes.length, 0);
  xmlBytes.copy(chunk, 4);
  const entries = Buffer.alloc(4 + 8);
  entries.writeUInt32LE(1, 0);
  entries.writeUInt32LE(0x03043005, 4);
  entries.writeUInt32LE(chunk.length, 8);
  const start = Buffer.alloc(3 + 2 + 4 + 4 + 4);
  start.write('GBX', 0, 'latin1');
  start.writeUInt16LE(6, 3);
  start.write('BUCR', 5, 'latin1');
  start.writeUInt32LE(0x03043000, 9);
  start.writeUInt32LE(entries.length + chunk.length, 13);
  const body = Buffer.alloc(8 + (fields.bodyBytes ?? 256), 0x5a);
  body.writeUInt32LE(fields.bodyBytes ?? 256, 0);
  body.writeUInt32LE(fields.bodyBytes ?? 256, 4);
  return Buffer.concat([start, entries, chunk, body]);
}
