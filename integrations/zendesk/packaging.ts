// Builds the zip Zendesk installs (Admin Center > Apps > Upload private app): the manifest
// pointed at one console, the translations and the two logos Zendesk asks for. Plain Node
// (zlib), no archiver dependency: a zip of four small files is a few dozen lines.
import { crc32, deflateRawSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface Manifest {
  name: string;
  author: { name: string; email: string; url: string };
  defaultLocale: string;
  private: boolean;
  location: { support: { ticket_sidebar: { url: string; flexible?: boolean } } };
  domainWhitelist: string[];
  signedUrls: boolean;
  parameters: { name: string; type: string; secure?: boolean; required?: boolean }[];
  version: string;
  frameworkVersion: string;
}

/** The manifest for the console at `consoleUrl` (https, origin only): the sidebar's page is served there. */
export function manifestFor(consoleUrl: string): Manifest {
  const url = new URL(consoleUrl);
  if (url.protocol !== "https:" || url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`the console URL must be an https origin like https://console.example.com, not ${consoleUrl}`);
  }
  const template = JSON.parse(readFileSync(here("./manifest.json"), "utf8")) as Manifest;
  return {
    ...template,
    author: { ...template.author, url: url.origin },
    location: { support: { ticket_sidebar: { ...template.location.support.ticket_sidebar, url: `${url.origin}/integrations/zendesk/sidebar` } } },
    domainWhitelist: [url.host],
  };
}

/** A solid-colour PNG (Zendesk wants assets/logo.png 320x320 and assets/logo-small.png 128x128). */
export function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateRawToZlib(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function deflateRawToZlib(data: Buffer): Buffer {
  // PNG's IDAT is a zlib stream: header, raw deflate, Adler-32.
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), deflateRawSync(data), adler]);
}

/** A zip archive (deflate) of these files, in this order. */
export function zip(files: { path: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.path, "utf8");
    const packed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00: fixed, so the zip is reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The app's files for the console at `consoleUrl`. */
export function appFiles(consoleUrl: string): { path: string; data: Buffer }[] {
  return [
    { path: "manifest.json", data: Buffer.from(`${JSON.stringify(manifestFor(consoleUrl), null, 2)}\n`) },
    { path: "translations/en.json", data: readFileSync(here("./translations/en.json")) },
    { path: "assets/logo.png", data: solidPng(320, [30, 64, 175]) },
    { path: "assets/logo-small.png", data: solidPng(128, [30, 64, 175]) },
  ];
}
