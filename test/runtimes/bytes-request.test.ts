// The shims' stand-in for the copies the wrappers hand on (runtimes/server/bytes-request.ts), checked
// operation by operation against a native Request made from the same URL, method, headers and body.
import { beforeAll, describe, expect, it } from "vitest";
import { bytesRequestFactory } from "../../runtimes/server/bytes-request.ts";
import { useStandInRequests } from "../../runtimes/server/fetch-globals.ts";
import type { BytesRequestFactory } from "../../src/internal.ts";

const NativeRequest = globalThis.Request;
let makeStandIn: BytesRequestFactory;

beforeAll(() => {
  // What a shim does when it starts serving: the globals learn to unwrap stand-ins.
  useStandInRequests();
  makeStandIn = bytesRequestFactory(NativeRequest);
});

const encoder = new TextEncoder();
const URL_ = "http://127.0.0.1/invocations?q=1";
const HEADERS = { "content-type": "application/json", "x-extra": "v" };

type Operation = (request: Request) => Promise<unknown> | unknown;

/** Runs `operation` on a stand-in and on a native Request with the same parts; both must agree. */
async function bothWays(operation: Operation, { method = "POST", body = '{"prompt":"héllo"}' }: { method?: string; body?: string | null } = {}): Promise<{ standIn: unknown; native: unknown }> {
  const source = new NativeRequest(URL_, { method, headers: HEADERS });
  const bytes = body === null ? null : (encoder.encode(body) as Uint8Array<ArrayBuffer>);
  const outcome = async (request: Request): Promise<unknown> => {
    try {
      return { value: await operation(request), bodyUsed: request.bodyUsed };
    } catch (error) {
      return { threw: (error as Error).name, bodyUsed: request.bodyUsed };
    }
  };
  const standIn = await outcome(makeStandIn(source, new Headers(HEADERS), bytes));
  const native = await outcome(new NativeRequest(URL_, { method, headers: HEADERS, body: bytes }));
  return { standIn, native };
}

async function streamText(stream: ReadableStream<Uint8Array> | null): Promise<string | null> {
  if (stream === null) return null;
  return new Response(stream).text();
}

const OPERATIONS: Record<string, Operation> = {
  "text()": (r) => r.text(),
  "json()": (r) => r.json(),
  "arrayBuffer()": async (r) => new TextDecoder().decode(await r.arrayBuffer()),
  "bytes()": async (r) => [...(await (r as Request & { bytes(): Promise<Uint8Array> }).bytes())],
  "blob()": async (r) => {
    const blob = await r.blob();
    return [blob.type, await blob.text()];
  },
  "body, read to the end": (r) => streamText(r.body),
  "body cancelled": async (r) => {
    await r.body?.cancel();
    return "cancelled";
  },
  "body touched, then text()": (r) => (r.body, r.text()),
  "text() twice": async (r) => [await r.text(), await r.text()],
  "clone(), both read": async (r) => {
    const copy = r.clone();
    return [copy instanceof Request, await copy.text(), await r.text()];
  },
  "clone() after a read": async (r) => {
    await r.text();
    return r.clone();
  },
  "new Request(request, init)": async (r) => {
    const copy = new Request(r, { headers: { "x-added": "yes" } });
    return [copy.method, copy.url, copy.headers.get("x-added"), await copy.text()];
  },
  "new Request(url, request): the request as the init": async (r) => {
    const copy = new Request("http://127.0.0.1/elsewhere", r);
    return [copy.method, copy.url, copy.headers.get("x-extra"), await copy.text()];
  },
  "new Request(request) after body touched": async (r) => {
    void r.body;
    return new Request(r).text();
  },
  "new Request(request) after a read": async (r) => {
    await r.text();
    return new Request(r).url;
  },
  "text(), then a property: still used, a second read refused": async (r) => {
    await r.text();
    void r.cache;
    return [r.bodyUsed, await r.text().catch((error: Error) => error.name), r.body instanceof ReadableStream];
  },
  "body read to the end, then properties and a new Request with its own body": async (r) => {
    await streamText(r.body);
    return [r.keepalive, r.mode, await new Request(r, { method: "POST", body: "x" }).text()];
  },
  "a reader holds the body: text() and clone() refused, nothing used": async (r) => {
    void r.body!.getReader();
    const read = await r.text().catch((error: Error) => error.name);
    let cloned = "cloned";
    try {
      r.clone();
    } catch (error) {
      cloned = (error as Error).name;
    }
    return [read, cloned, r.bodyUsed];
  },
  "headers keep their identity when a property is read": (r) => {
    const headers = r.headers;
    void r.mode;
    headers.set("x-late", "1");
    return [r.headers === headers, r.headers.get("x-late")];
  },
  "plain properties": (r) => [r.method, r.url, [...r.headers], r.signal instanceof AbortSignal, r.body instanceof ReadableStream],
  "the rest of a Request": (r) => [r.cache, r.credentials, r.destination, r.integrity, r.keepalive, r.mode, r.redirect, r.referrer, r.referrerPolicy, (r as Request & { duplex?: string }).duplex],
  "own keys and JSON": (r) => [Object.keys(r), JSON.stringify(r), Object.prototype.toString.call(r), r instanceof Request],
  "headers are the copy's own and writable": (r) => {
    r.headers.set("x-later", "1");
    return r.headers.get("x-later");
  },
};

describe("the stand-in for a request copy behaves as the native Request", () => {
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    it(name, async () => {
      const { standIn, native } = await bothWays(operation);
      expect(standIn).toEqual(native);
    });
  }

  it("formData() parses urlencoded and multipart bodies as natively", async () => {
    const form = new FormData();
    form.append("a", "1");
    form.append("b", "two words");
    const multipart = new Response(form);
    const type = multipart.headers.get("content-type")!;
    const bytes = new Uint8Array(await multipart.arrayBuffer());
    const source = new NativeRequest(URL_, { method: "POST" });
    const standIn = makeStandIn(source, new Headers({ "content-type": type }), bytes);
    expect([...(await standIn.formData())].map(([k, v]) => [k, String(v)])).toEqual([["a", "1"], ["b", "two words"]]);
    const urlencoded = makeStandIn(source, new Headers({ "content-type": "application/x-www-form-urlencoded" }), encoder.encode("x=1&y=z") as Uint8Array<ArrayBuffer>);
    expect([...(await urlencoded.formData())]).toEqual([["x", "1"], ["y", "z"]]);
  });

  it("a GET copy has no body, and reading it uses nothing up, as natively", async () => {
    for (const operation of [(r: Request) => [r.body, r.bodyUsed], (r: Request) => r.text(), async (r: Request) => [await r.text(), await r.text()]]) {
      const { standIn, native } = await bothWays(operation, { method: "GET", body: null });
      expect(standIn).toEqual(native);
    }
  });

  it("blob() normalises the type as natively", async () => {
    const source = new NativeRequest(URL_, { method: "POST" });
    const type = "Text/Plain; Charset=UTF-8";
    const standIn = makeStandIn(source, new Headers({ "content-type": type }), encoder.encode("x") as Uint8Array<ArrayBuffer>);
    const native = new NativeRequest(URL_, { method: "POST", headers: { "content-type": type }, body: "x" });
    expect((await standIn.blob()).type).toBe((await native.blob()).type);
  });

  it("a reader that changes the bytes it got changes nothing for the next reader", async () => {
    const source = new NativeRequest(URL_, { method: "POST" });
    const standIn = makeStandIn(source, new Headers(), encoder.encode("abc") as Uint8Array<ArrayBuffer>);
    const copy = standIn.clone();
    new Uint8Array(await standIn.arrayBuffer()).fill(0);
    expect(await copy.text()).toBe("abc");
  });

  it("its signal is the caller's: aborting the caller aborts what the handler holds, and a native copy of it", () => {
    const controller = new AbortController();
    const source = new NativeRequest(URL_, { method: "POST", signal: controller.signal });
    const standIn = makeStandIn(source, new Headers(), encoder.encode("x") as Uint8Array<ArrayBuffer>);
    const rewrapped = new Request(standIn);
    expect(standIn.signal.aborted).toBe(false);
    controller.abort();
    expect(standIn.signal.aborted).toBe(true);
    expect(rewrapped.signal.aborted).toBe(true);
  });
});
