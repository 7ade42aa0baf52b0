/**
 * What a dedicated server reads from a map file it is asked to load: the GBX header's XML chunk, which every
 * map file carries in plain text (`<header type="map" ...><ident uid name author/><desc envir .../>
 * <times ... authortime/></header>`), after the `GBX` magic and version. Enough for the sandbox to list a map
 * that was written to it (WriteFile) and then added (AddMap / InsertMap) with the uid, name and author a real
 * server would show.
 */
export interface MapFileHeader {
  uid: string;
  name: string;
  author: string;
  environment: string;
  authorTime: number;
  nbLaps: number;
}

const MAGIC = 'GBX';

/** The header of a map file, or undefined when the bytes are not one (no GBX magic, no map header XML). */
export function readMapHeader(bytes: Buffer): MapFileHeader | undefined {
  if (bytes.length < 9 || bytes.toString('latin1', 0, 3) !== MAGIC) return undefined;
  // The header sits in the first kilobytes; the rest of the file is the compressed body.
  const head = bytes.toString('utf8', 0, Math.min(bytes.length, 64 * 1024));
  const xml = /<header type="map"[^]*?<\/header>/.exec(head)?.[0];
  if (!xml) return undefined;
  const attributes = (tag: string): Record<string, string> => {
    const element = new RegExp(`<${tag}\\s([^>]*?)/?>`).exec(xml)?.[1] ?? '';
    return Object.fromEntries([...element.matchAll(/([a-z]+)="([^"]*)"/g)].map((match) => [match[1]!, unescape(match[2]!)]));
  };
  const ident = attributes('ident');
  if (!ident.uid) return undefined;
  const desc = attributes('desc');
  const times = attributes('times');
  return {
    uid: ident.uid,
    name: ident.name ?? '',
    author: ident.author ?? '',
    environment: desc.envir ?? '',
    authorTime: Number(times.authortime ?? -1),
    nbLaps: Number(desc.nblaps ?? 0),
  };
}

function unescape(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!);
}
