import type { ServerResponse } from "node:http";

// One buffer per process for each direction, so that a large body read as text, or a large string
// answer, costs no native allocation of its own. Node puts both outside V8's heap (a concatenated
// body; the bytes it encodes a string answer into, sized at three bytes a character), glibc returns
// the freed memory to the kernel in bursts, and the next requests fault it back in page by page: on
// Node 20 a 100 KB echo spent more CPU there than in its JSON (bench/README.md, finding X).

/** Larger bodies get an allocation of their own, so that neither buffer grows past this. */
const MAX_REUSED_BYTES = 1024 * 1024;
/** Smaller answers are encoded into blocks glibc keeps without trimming: nothing to save. */
const MIN_REUSED_ANSWER_BYTES = 16 * 1024;
const MIN_BUFFER_BYTES = 64 * 1024;

// Made on first use: nothing is allocated at import.
let bodyBuffer: Buffer | undefined;
let answerBuffer: Buffer | undefined;
/** The socket can hold an answer's bytes past `end()`: the buffer is busy until that response closes. */
let answerBufferBusy = false;

function releaseAnswerBuffer(): void {
  answerBufferBusy = false;
}

function grown(buffer: Buffer | undefined, bytes: number): Buffer {
  return buffer !== undefined && buffer.byteLength >= bytes ? buffer : Buffer.allocUnsafeSlow(Math.max(bytes, MIN_BUFFER_BYTES));
}

/** A leading byte order mark goes, as the Fetch body mixins' UTF-8 decode drops it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The UTF-8 text of a body received in `chunks`, without a leading byte order mark. */
export function textOfChunks(chunks: readonly Buffer[]): string {
  return withoutBom(decode(chunks));
}

/** Synchronous: no other request can use the body buffer meanwhile. */
function decode(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return "";
  if (chunks.length === 1) return chunks[0]!.toString("utf8");
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  if (total > MAX_REUSED_BYTES) return Buffer.concat(chunks, total).toString("utf8");
  const joined = (bodyBuffer = grown(bodyBuffer, total));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined.toString("utf8", 0, total);
}

/** Ends `response` with `body`, whose UTF-8 form is `byteLength` bytes, through the answer buffer when it is free. */
export function endWithText(response: ServerResponse, body: string, byteLength: number): void {
  if (byteLength < MIN_REUSED_ANSWER_BYTES || byteLength > MAX_REUSED_BYTES || answerBufferBusy) {
    response.end(body);
    return;
  }
  const bytes = (answerBuffer = grown(answerBuffer, byteLength));
  bytes.write(body, 0, byteLength, "utf8");
  // 'close' comes once the bytes are out or the connection is gone, whichever is first ('finish' alone would miss the second).
  answerBufferBusy = true;
  response.once("close", releaseAnswerBuffer);
  response.end(bytes.subarray(0, byteLength));
}
