import fc from "fast-check";
import { knownSessionIds } from "./features.ts";

/** The library's header names, plus ones engines and proxies send. */
const HEADER_NAMES = [
  "X-Amzn-SageMaker-Session-Id",
  "X-Amzn-SageMaker-Adapter-Identifier",
  "X-Amzn-SageMaker-Adapter-Alias",
  "X-Amzn-SageMaker-Custom-Attributes",
  "Content-Type",
  "Accept",
  "Authorization",
  "X-Request-Id",
  "X-Fuzz-Mode",
];

const FUZZ_MODES = ["echo", "empty", "json", "throw", "http-error", "stream", "signal", "delay:0", "delay:5", "delay:30"];

/** Upper, lower or mixed case of a header name. */
const oddCase = (name: string) =>
  fc.constantFrom(0, 1, 2).map((how) =>
    how === 0 ? name.toLowerCase() : how === 1 ? name.toUpperCase() : [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(""),
  );

/** Printable, unicode, control characters (CR/LF/NUL attempts) and very long values. */
export const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\0b", "  padded  ", "", "NEW_SESSION", "v, w") },
  { weight: 1, arbitrary: fc.integer({ min: 1024, max: 16 * 1024 }).map((n) => "v".repeat(n)) },
);

/** A SageMaker-shaped id, an almost-valid one, a traversal attempt, or noise. */
export const sessionId = fc.oneof(
  fc.uuid(),
  // Sessions a suite created: active until some random CLOSE ends them.
  fc.nat({ max: 7 }).map((i) => knownSessionIds[i % Math.max(1, knownSessionIds.length)] ?? "NEW_SESSION"),
  fc.constantFrom("NEW_SESSION", "", "../../etc/passwd", "..", ".", "a/b", "a\\b", "%2e%2e%2f", "-leading", "trailing-", "x".repeat(257), "abc\u0000def", "ÄÖÜ", "a".repeat(256)),
  fc.stringMatching(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,20}$/),
  fc.string({ maxLength: 30 }),
);

/** Adapter names: valid ones, traversal, separators, control characters, overlong. */
export const adapterName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/),
  fc.constantFrom("..", ".", "../x", "..%2Fx", "%2e%2e", "a%00b", "a\tb", "con", "x".repeat(257), "%E0%A4%A", "name with space", "~root"),
  fc.string({ maxLength: 20 }),
);

export const header = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...HEADER_NAMES).chain(oddCase), headerValue) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("x-fuzz-mode"), fc.constantFrom(...FUZZ_MODES)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("x-amzn-sagemaker-session-id"), sessionId) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("x-amzn-sagemaker-adapter-identifier"), adapterName) },
  { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[a-zA-Z0-9!#$%&'*+.^_`|~-]{1,30}$/), headerValue) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 })) },
);

/** Duplicates come from the list holding the same name twice, in any casing. */
export const headerList = fc.array(header, { maxLength: 8 });

export const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH") },
  { weight: 1, arbitrary: fc.constantFrom("get", "post", "Post", "delete", "PROPFIND", "X-CUSTOM", "CONNECT", "TRACE") },
);

const pathSegment = fc.oneof(
  fc.constantFrom("ping", "invocations", "adapters", "v1", "models", "..", ".", "%2e%2e", "%2F", "%00", "%ZZ", "~", "é", ""),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

export const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("/ping", "/invocations", "/adapters", "/v1/models", "/", "/ping/", "/INVOCATIONS", "/invocations?x=1", "//invocations") },
  { weight: 3, arbitrary: adapterName.map((name) => `/adapters/${encodeURIComponent(name)}`) },
  { weight: 1, arbitrary: adapterName.map((name) => `/adapters/${name.replace(/[#?]/g, "")}`) },
  { weight: 2, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join("/")}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("/adapters", "/invocations"), fc.string({ maxLength: 20 })).map(([p, q]) => `${p}?${encodeURIComponent(q)}=${encodeURIComponent(q)}&name=a&src=b`) },
);

/** JSON nested `depth` levels deep, as arrays or objects. */
export function deepJson(depth: number, kind: "array" | "object" | "unclosed"): string {
  if (kind === "unclosed") return "[".repeat(depth);
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

const pollutingJson = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"model":{"__proto__":{"polluted":"yes"}},"prompt":"x"}',
  '{"requestType":"NEW_SESSION","__proto__":{"polluted":"yes"}}',
  '{"name":"__proto__","src":"s3://b/__proto__"}',
  '{"name":"constructor","src":"constructor","__proto__":{"isAdmin":true}}',
  '{"session_id":{"__proto__":{"polluted":"yes"}}}',
);

const jsonText = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom("null", "true", "0", "-1e309", '"text"', "[]", "{}", "1e400", '"\\ud800"') },
  { weight: 2, arbitrary: pollutingJson },
  { weight: 2, arbitrary: fc.constantFrom('{"requestType":"NEW_SESSION"}', '{"requestType":"CLOSE"}', '{"requestType":"OTHER"}', '{"requestType":"CLOSE","x":1}', '{"requestType":null}') },
  { weight: 1, arbitrary: fc.record({ name: adapterName, src: fc.string({ maxLength: 20 }), preload: fc.constantFrom(true, "yes", "maybe", 3) }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1000, max: 100_000 }), fc.constantFrom("array" as const, "object" as const, "unclosed" as const)).map(([d, k]) => deepJson(d, k)) },
);

export type BodySpec =
  | { kind: "none" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "stream"; chunks: Uint8Array[] }
  | { kind: "huge"; size: number; streamed: boolean };

const encoder = new TextEncoder();

export const body: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<BodySpec>({ kind: "none" }) },
  { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: "bytes", bytes: new Uint8Array(0) }) },
  { weight: 5, arbitrary: jsonText.map<BodySpec>((text) => ({ kind: "bytes", bytes: encoder.encode(text) })) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map<BodySpec>((bytes) => ({ kind: "bytes", bytes })) },
  { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x7b]), new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), new Uint8Array([0xed, 0xa0, 0x80])).map<BodySpec>((bytes) => ({ kind: "bytes", bytes })) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.uint8Array({ maxLength: 32 }), jsonText.map((t) => encoder.encode(t))), { maxLength: 5 }).map<BodySpec>((chunks) => ({ kind: "stream", chunks })) },
  { weight: 1, arbitrary: fc.record({ size: fc.integer({ min: 1, max: 200 * 1024 }), streamed: fc.boolean() }).map<BodySpec>(({ size, streamed }) => ({ kind: "huge", size, streamed })) },
);

export interface RequestSpec {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: BodySpec;
}

/** A request aimed at a library route with the right method, so most cases reach a handler. */
const targeted: fc.Arbitrary<RequestSpec> = fc
  .tuple(
    fc.oneof(
      fc.constant(["POST", "/invocations"] as const),
      fc.constant(["POST", "/adapters"] as const),
      adapterName.map((name) => ["DELETE", `/adapters/${encodeURIComponent(name)}`] as const),
      fc.constantFrom(["GET", "/ping"] as const, ["HEAD", "/ping"] as const, ["POST", "/ping"] as const),
    ),
    fc.constantFrom(...FUZZ_MODES),
    headerList,
    body,
  )
  .map(([[m, p], mode, headers, b]) => ({ method: m, path: p, headers: [["x-fuzz-mode", mode] as [string, string], ...headers], body: b }));

export const requestSpec: fc.Arbitrary<RequestSpec> = fc.oneof(
  { weight: 3, arbitrary: targeted },
  { weight: 2, arbitrary: fc.record({ method, path, headers: headerList, body }) },
);

/** What a case expects to be able to measure once the Request is built. */
export interface BuiltRequest {
  request: Request;
  /** Headers the Fetch API itself refused (CR/LF/NUL, bad names): they never reach the handler. */
  refusedHeaders: number;
  bodyBytes: number;
}

function bodyInit(spec: BodySpec): { init: BodyInit | null; bytes: number; stream: boolean } {
  switch (spec.kind) {
    case "none":
      return { init: null, bytes: 0, stream: false };
    case "bytes":
      return { init: spec.bytes as Uint8Array<ArrayBuffer>, bytes: spec.bytes.byteLength, stream: false };
    case "stream": {
      const chunks = spec.chunks.slice();
      return {
        init: new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = chunks.shift();
            if (next) controller.enqueue(next.slice());
            else controller.close();
          },
        }),
        bytes: spec.chunks.reduce((n, c) => n + c.byteLength, 0),
        stream: true,
      };
    }
    case "huge": {
      const bytes = new Uint8Array(spec.size).fill(0x61);
      if (!spec.streamed) return { init: bytes, bytes: spec.size, stream: false };
      let offset = 0;
      return {
        init: new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.byteLength) return controller.close();
            controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
            offset += 16 * 1024;
          },
        }),
        bytes: spec.size,
        stream: true,
      };
    }
  }
}

/** Builds the Request, or undefined when the Fetch API itself refuses the method or URL. */
export function buildRequest(spec: RequestSpec, origin = "http://127.0.0.1"): BuiltRequest | undefined {
  const headers = new Headers();
  let refusedHeaders = 0;
  for (const [name, value] of spec.headers) {
    try {
      headers.append(name, value);
    } catch {
      refusedHeaders++;
    }
  }
  const upper = spec.method.toUpperCase();
  const body = upper === "GET" || upper === "HEAD" ? { init: null, bytes: 0, stream: false } : bodyInit(spec.body);
  try {
    const request = new Request(origin + spec.path, {
      method: spec.method,
      headers,
      body: body.init,
      ...(body.stream ? { duplex: "half" } : {}),
    } as RequestInit);
    return { request, refusedHeaders, bodyBytes: body.bytes };
  } catch {
    return undefined;
  }
}
