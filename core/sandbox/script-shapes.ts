import type { SandboxMap } from './world.js';

/** A map as the script callbacks describe it: lower-case keys, unlike the server's SMapInfo struct. */
export function scriptMap(map: SandboxMap): Record<string, unknown> {
  return {
    uid: map.UId,
    name: map.Name,
    filename: map.FileName,
    author: map.Author,
    environment: map.Environnement,
    mood: map.Mood,
    bronzetime: map.BronzeTime,
    silvertime: map.SilverTime,
    goldtime: map.GoldTime,
    authortime: map.AuthorTime,
    copperprice: map.CopperPrice,
    laprace: map.LapRace,
    nblaps: map.NbLaps,
    maptype: map.MapType,
    mapstyle: map.MapStyle,
  };
}

/** `count` rising checkpoint times ending at `total`, evenly spread. */
export function splitTimes(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.round((total * (index + 1)) / count));
}
