// The Node shim reads a body as text, and writes a large string answer, through one reused buffer per
// process each (runtimes/node/reused-buffers.ts). These check, over real sockets, that no request
// ever sees another one's bytes: bodies split across chunks, answers a slow reader still holds, clients
// that leave mid-answer.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSageMakerHandler, toNodeListener } from "../../runtimes/node/index.ts";
import { exchange } from "./_support/raw-http.ts";
import type { Step } from "./_support/raw-http.ts";

let server: Server;
let port: number;
let base: string;

beforeAll(async () => {
  const handler = createSageMakerHandler({
    env: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    invocations: async (request) => {
      if (request.headers.get("x-as") === "text") return `text:${await request.text()}`;
      const body = (await request.json()) as { fill?: string; size?: number };
      // A string answer of `size` characters, or the parsed body echoed as JSON.
      if (body.fill !== undefined && body.size !== undefined) return body.fill.repeat(body.size);
      return body;
    },
  });
  await handler.ready();
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A POST whose body is written in `pieces`, with a pause between, so that it reaches the server as several chunks. */
function postInPieces(pieces: Buffer[], headers: Record<string, string> = {}): Step[] {
  const length = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
  const head = Object.entries({ "content-type": "application/json", "content-length": String(length), connection: "close", ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return [`POST /invocations HTTP/1.1\r\nhost: localhost\r\n${head}\r\n`, ...pieces.flatMap((piece) => [{ pauseMs: 40 }, piece])];
}

function bodyOf(data: string): string {
  const raw = Buffer.from(data, "latin1");
  return raw.subarray(raw.indexOf("\r\n\r\n") + 4).toString("utf8");
}

/** Splits `bytes` at the given offsets. */
function splitAt(bytes: Buffer, ...offsets: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const offset of [...offsets, bytes.byteLength]) {
    pieces.push(bytes.subarray(from, offset));
    from = offset;
  }
  return pieces;
}

/**
 * Raw requests for string answers of `size` copies of each fill, pipelined on one socket that reads
 * nothing until told: past about 3 MB the kernel takes no more, so later answers wait in the server.
 */
function slowReader(fills: string[], size: number): { received: () => Promise<string>; resume: () => void; destroy: () => void } {
  const socket = connect({ port, host: "127.0.0.1" });
  socket.pause();
  for (const fill of fills) {
    const body = JSON.stringify({ fill, size });
    socket.write(`POST /invocations HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
  }
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    // Every answer is in once the last fill's run is complete.
    const last = fills.at(-1)!.repeat(size);
    if (Buffer.concat(chunks).toString("latin1").endsWith(`\r\n\r\n${last}`)) socket.end();
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return {
    received: async () => {
      await closed;
      return Buffer.concat(chunks).toString("latin1");
    },
    resume: () => socket.resume(),
    destroy: () => socket.destroy(),
  };
}

async function answerOf(fill: string, size: number): Promise<string> {
  const response = await fetch(`${base}/invocations`, { method: "POST", body: JSON.stringify({ fill, size }), signal: AbortSignal.timeout(20_000) });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(fill.repeat(size))));
  return response.text();
}

describe("Node shim's reused buffers", () => {
  it("a body split into chunks inside multibyte characters reads whole through text() and json()", async () => {
    const prompt = `${"é".repeat(30_000)} ✓ ${"ü".repeat(30_000)}`;
    const json = Buffer.from(JSON.stringify({ prompt }));
    // Offsets chosen to fall inside a two-byte "é" and inside the three-byte "✓".
    const insideE = 1 + json.indexOf("é") + 2 * 1_000;
    const insideCheck = json.indexOf("✓") + 1;
    const asJson = await exchange(port, postInPieces(splitAt(json, insideE, insideCheck)), { quietMs: 1_000 });
    expect(asJson.statuses).toEqual([200]);
    expect(JSON.parse(bodyOf(asJson.data))).toEqual({ prompt });

    const text = Buffer.from(`ünïcode ${"✓".repeat(40_000)} end`);
    const asText = await exchange(port, postInPieces(splitAt(text, 1, 2 + 3 * 10_000, text.byteLength - 2), { "x-as": "text" }), { quietMs: 1_000 });
    expect(asText.statuses).toEqual([200]);
    expect(bodyOf(asText.data)).toBe(`text:${text.toString("utf8")}`);
  });

  it("a leading byte order mark is dropped by text() and json(), as natively, in one chunk or several", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const json = Buffer.concat([bom, Buffer.from(JSON.stringify({ prompt: "ü".repeat(50_000) }))]);
    const native = await new Request("http://x/", { method: "POST", body: json }).json();
    for (const pieces of [[json], splitAt(json, 2, 40_000)]) {
      const asJson = await exchange(port, postInPieces(pieces), { quietMs: 1_000 });
      expect(asJson.statuses).toEqual([200]);
      expect(JSON.parse(bodyOf(asJson.data))).toEqual(native);
      const asText = await exchange(port, postInPieces(pieces, { "x-as": "text" }), { quietMs: 1_000 });
      expect(bodyOf(asText.data)).toBe(`text:${await new Request("http://x/", { method: "POST", body: json }).text()}`);
    }
  });

  it("a shorter body after a longer one carries none of the longer one's bytes, and one over the buffer's size reads whole", async () => {
    const long = Buffer.from(`${"L".repeat(200_000)}`);
    const short = Buffer.from(`${"s".repeat(70_000)}`);
    const huge = Buffer.from(`${"h".repeat(1_500_000)}✓`);
    for (const body of [long, short, huge, short]) {
      const result = await exchange(port, postInPieces(splitAt(body, 1, 65_536), { "x-as": "text" }), { quietMs: 1_000, timeoutMs: 20_000 });
      expect(result.statuses).toEqual([200]);
      expect(bodyOf(result.data)).toBe(`text:${body.toString("utf8")}`);
    }
  });

  it("answers a slow client has not read yet are not overwritten by the answers sent meanwhile", async () => {
    const size = 1_000_000;
    const fills = ["a", "b", "c", "d", "e", "f"];
    const slow = slowReader(fills, size);
    // Let the server answer what it can; the kernel holds about 3 MB, the rest waits in the server.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await answerOf("x", size)).toBe("x".repeat(size));
    expect(await answerOf("y", 40_000)).toBe("y".repeat(40_000));
    slow.resume();
    const received = await slow.received();
    const answers = received.split(/HTTP\/1\.1 200 OK\r\n/).slice(1);
    expect(answers).toHaveLength(fills.length);
    answers.forEach((answer, index) => {
      expect(answer).toContain(`content-length: ${size}\r\n`);
      const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
      expect(body.length).toBe(size);
      expect(body === fills[index]!.repeat(size), `answer ${index} is all "${fills[index]}"`).toBe(true);
    });
  });

  it("after a client leaves in the middle of a large answer, the next answers are whole and their own", async () => {
    const gone = slowReader(["v", "w", "x"], 1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    gone.destroy();
    await gone.received();
    for (const [fill, size] of [["y", 1_000_000], ["z", 20_000], ["é", 300_000]] as const) {
      expect(await answerOf(fill, size)).toBe(fill.repeat(size));
    }
  });
});
