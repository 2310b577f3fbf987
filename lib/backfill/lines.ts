// Reads an NDJSON file (plain or gzip) line by line with flat memory: chunks are pulled
// from the stream only as fast as the consumer asks for lines, so a 10 GB file costs
// the same memory as a 10 kB one.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";

export interface Line {
  /** 1-based, counting every line of the file, blank ones included. */
  number: number;
  text: string;
}

export interface LineReader {
  lines: AsyncGenerator<Line>;
  /** Bytes of the file read so far (compressed bytes for a .gz file): the progress measure. */
  bytesRead(): number;
  fileBytes: number;
  compressed: boolean;
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** A single line larger than this is not an event (events are at most 32 KiB): refuse rather than buffer it. */
export const MAX_LINE_BYTES = 1024 * 1024;

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

export async function openLines(path: string): Promise<LineReader> {
  const handle = await open(path, "r");
  const fileBytes = (await handle.stat()).size;
  await handle.close();
  const compressed = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  file.on("data", (chunk) => (bytes += chunk.length));
  const text = compressed ? file.pipe(createGunzip()) : file;

  async function* lines(): AsyncGenerator<Line> {
    let carry = "";
    let number = 0;
    try {
      for await (const chunk of text) {
        const piece = carry + (chunk as Buffer).toString("utf8");
        const parts = piece.split("\n");
        carry = parts.pop() ?? "";
        if (Buffer.byteLength(carry) > MAX_LINE_BYTES)
          throw new Error(`line ${number + parts.length + 1} is longer than ${MAX_LINE_BYTES} bytes: is this NDJSON?`);
        for (const part of parts) yield { number: ++number, text: part.endsWith("\r") ? part.slice(0, -1) : part };
      }
      if (carry !== "") yield { number: ++number, text: carry };
    } finally {
      file.destroy();
    }
  }
  return { lines: lines(), bytesRead: () => bytes, fileBytes, compressed };
}
