// Reading a request body with a byte limit, for every route that reads one: a declared
// Content-Length over the limit is refused before a byte is read, and a body that streams
// past it (chunked, or lying about its length) is cancelled as soon as it does, so an
// oversized body is never buffered whole. Call it after authenticating the caller.

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/** The body as bytes, refusing (and cancelling the stream) past `limit`. */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    // Not reading it: tell the runtime we are done with the stream.
    await request.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(limit);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
