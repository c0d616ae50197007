// Batch transform: GET /execution-parameters, the transform-job variables, the body-limit order and
// splitRecords, in process and over a Node socket.
import { expect, it } from "vitest";
import { HttpError, splitRecords } from "../../runtimes/node/index.ts";
import type { Handler, HandlerContext, SageMakerConfig } from "../../runtimes/node/index.ts";
import { describeMatrix, silentLogger } from "../support/harness.ts";

const env = { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const jsonl = (body: string, type = "application/jsonlines"): RequestInit => ({ method: "POST", body, headers: { "content-type": type } });

describeMatrix("batch transform", (t) => {
  const start = (config: SageMakerConfig) => t.start({ env, logger: silentLogger, ...config });

  it("GET /execution-parameters answers config.batch, defaults 1 / MULTI_RECORD / 6, whatever the environment says", async () => {
    const c = await start({ batch: {}, env: { ...env, SAGEMAKER_BATCH_STRATEGY: "SINGLE_RECORD", SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "8" } });
    const answer = await c.fetch("/execution-parameters");
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(await answer.text()).toBe('{"MaxConcurrentTransforms":1,"BatchStrategy":"MULTI_RECORD","MaxPayloadInMB":6}');
    const set = await start({ batch: { maxConcurrentTransforms: 4, batchStrategy: "SINGLE_RECORD", maxPayloadInMB: 25 } });
    expect(await (await set.fetch("/execution-parameters")).json()).toEqual({ MaxConcurrentTransforms: 4, BatchStrategy: "SINGLE_RECORD", MaxPayloadInMB: 25 });
    const post = await set.fetch("/execution-parameters", { method: "POST" });
    expect([post.status, post.headers.get("allow"), await post.json()]).toEqual([405, "GET", { detail: "Method Not Allowed" }]);
  });

  it("without config.batch /execution-parameters goes to the fallback", async () => {
    const c = await start({ fallback: () => new Response("engine", { status: 299 }) });
    expect((await c.fetch("/execution-parameters")).status).toBe(299);
    expect((await c.fetch("/execution-parameters", { method: "DELETE" })).status).toBe(299);
  });

  it("config.batch outside SageMaker's limits is a startup error naming the key", async () => {
    await expect(start({ batch: { maxPayloadInMB: 0 } })).rejects.toThrow(/config\.batch\.maxPayloadInMB/);
    await expect(start({ batch: { maxPayloadInMB: 101 } })).rejects.toThrow(/config\.batch\.maxPayloadInMB/);
    await expect(start({ batch: { maxConcurrentTransforms: 0 } })).rejects.toThrow(/config\.batch\.maxConcurrentTransforms/);
    await expect(start({ batch: { batchStrategy: "ALL" as never } })).rejects.toThrow(/config\.batch\.batchStrategy/);
    await expect(start({ batch: { extra: 1 } as never })).rejects.toThrow(/config\.batch\.extra/);
    await expect(start({ batch: { maxConcurrentTransforms: 20 } })).rejects.toThrow(/maxConcurrentTransforms \(20\) times config\.batch\.maxPayloadInMB \(6\)/);
    await expect(start({ batch: { maxConcurrentTransforms: 10, maxPayloadInMB: 10 } })).resolves.toBeDefined();
  });

  it("the transform-job variables are validated at startup, naming the variable; empty means unset", async () => {
    const bad: Array<[string, string]> = [
      ["SAGEMAKER_BATCH", "yes"],
      ["SAGEMAKER_BATCH", "1"],
      ["SAGEMAKER_BATCH_STRATEGY", "ONE"],
      ["SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "-1"],
      ["SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "1.5"],
      ["SAGEMAKER_MAX_PAYLOAD_IN_MB", "lots"],
      ["SAGEMAKER_MAX_PAYLOAD_IN_MB", "-2"],
    ];
    for (const [name, value] of bad) {
      await expect(start({ env: { ...env, [name]: value } }), `${name}=${value}`).rejects.toThrow(new RegExp(`^${name} .*'${value.replace(".", "\\.")}'`));
    }
    const good = { SAGEMAKER_BATCH: "TRUE", SAGEMAKER_BATCH_STRATEGY: "single_record", SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "0", SAGEMAKER_MAX_PAYLOAD_IN_MB: "0.5" };
    await expect(start({ env: { ...env, ...good } })).resolves.toBeDefined();
    await expect(start({ env: { ...env, SAGEMAKER_BATCH: "", SAGEMAKER_BATCH_STRATEGY: "", SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: "", SAGEMAKER_MAX_PAYLOAD_IN_MB: "" } })).resolves.toBeDefined();
  });

  it("body limit: maxRequestBytes, else SAGEMAKER_MAX_PAYLOAD_IN_MB (0: none), else batch.maxPayloadInMB, else 6 MiB", async () => {
    const length: Handler = async (request) => String((await request.arrayBuffer()).byteLength);
    const MiB = 1024 * 1024;
    const send = async (config: SageMakerConfig, bytes: number) => (await (await start({ invocations: length, ...config })).fetch("/invocations", { method: "POST", body: new Uint8Array(bytes) })).status;
    expect(await send({ maxRequestBytes: 10, env: { ...env, SAGEMAKER_MAX_PAYLOAD_IN_MB: "100" }, batch: { maxPayloadInMB: 50 } }, 11)).toBe(413);
    expect(await send({ env: { ...env, SAGEMAKER_MAX_PAYLOAD_IN_MB: "1" }, batch: { maxPayloadInMB: 50 } }, MiB + 1)).toBe(413);
    expect(await send({ env: { ...env, SAGEMAKER_MAX_PAYLOAD_IN_MB: "0" }, batch: { maxPayloadInMB: 1 } }, 7 * MiB)).toBe(200);
    expect(await send({ batch: { maxPayloadInMB: 1 } }, MiB + 1)).toBe(413);
    expect(await send({ batch: { maxPayloadInMB: 1 } }, MiB)).toBe(200);
    expect(await send({}, 6 * MiB + 1)).toBe(413);
  });
});

/** Records answer by their text: `fail:<status>`, `throw`, `sleep:<ms>:<answer>`, `text:<t>`, `json`, ... */
function recordHandler(log: string[] = []): Handler {
  return async (request: Request, context: HandlerContext) => {
    const record = await request.text();
    log.push(`start ${record}`);
    const [kind, a, b] = record.split(":");
    try {
      switch (kind) {
        case "fail":
          throw new HttpError(Number(a), `bad record ${b ?? ""}`.trim());
        case "response-fail":
          return new Response(a, { status: 422 });
        case "throw":
          throw new Error("secret");
        case "sleep":
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Number(a));
            context.signal.addEventListener("abort", () => (clearTimeout(timer), log.push(`aborted ${record}`), resolve()), { once: true });
          });
          return { slept: b };
        case "text":
          return `${a}\n`;
        case "crlf":
          return new Response(`${a}\r\n`, { headers: { "content-type": "text/csv" } });
        case "multiline":
          return "one\ntwo";
        case "json-response":
          return new Response('{ "spaced" : [ 1, 2 ] }', { headers: { "content-type": "Application/JSON; charset=utf-8" } });
        case "empty":
          return undefined;
        case "headers":
          return { type: request.headers.get("content-type"), length: request.headers.get("content-length"), encoding: request.headers.get("content-encoding"), custom: request.headers.get("x-custom"), method: request.method, path: new URL(request.url).pathname };
        default:
          return { echo: record };
      }
    } finally {
      log.push(`end ${record}`);
    }
  };
}

describeMatrix("splitRecords", (t) => {
  const start = (handler: Handler, config: SageMakerConfig = {}) => t.start({ env, logger: silentLogger, invocations: handler, ...config });

  it("answers a JSON Lines body record by record, in order, JSON compact and text as JSON strings", async () => {
    const c = await start(splitRecords()(recordHandler()));
    const answer = await c.fetch("/invocations", jsonl('{"a": 1}\r\n\ntext:hello\n\njson-response\nempty\n', "application/JSONLines; charset=utf-8"));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/jsonlines");
    expect(await answer.text()).toBe('{"echo":"{\\"a\\": 1}"}\n"hello"\n{"spaced":[1,2]}\n""\n');
    for (const type of ["application/x-jsonlines", "application/jsonl"]) {
      expect(await (await c.fetch("/invocations", jsonl("x", type))).text()).toBe('{"echo":"x"}\n');
    }
  });

  it("CSV answers are written as they are, one trailing line break removed; one still holding a break fails", async () => {
    const c = await start(splitRecords()(recordHandler()));
    const answer = await c.fetch("/invocations", jsonl("text:1,2\ncrlf:3,4\n5,6", "text/csv"));
    expect([answer.headers.get("content-type"), await answer.text()]).toEqual(["text/csv", '1,2\n3,4\n{"echo":"5,6"}\n']);
    const broken = await c.fetch("/invocations", jsonl("a\nmultiline", "text/csv"));
    expect(broken.status).toBe(500);
    expect((await broken.json()).detail).toMatch(/^Record 2: .*line break/);
  });

  it("each record gets the same method, URL and headers less the framing ones", async () => {
    const c = await start(splitRecords()(recordHandler()));
    const answer = await c.fetch("/invocations?x=1", { method: "POST", body: "headers\n", headers: { "content-type": "text/csv", "x-custom": "kept", "content-encoding": "identity" } });
    expect(JSON.parse((await answer.text()).trim())).toEqual({ type: "text/csv", length: null, encoding: null, custom: "kept", method: "POST", path: "/invocations" });
  });

  it("a body with no record is an empty 200 and the handler is not called; other media types pass through unread", async () => {
    const log: string[] = [];
    let bodyUsed: boolean | undefined;
    const c = await start(
      splitRecords()(async (request, context) => {
        if (!request.headers.get("content-type")?.includes("csv")) {
          bodyUsed = request.bodyUsed;
          return { whole: await request.text() };
        }
        return recordHandler(log)(request, context);
      }),
    );
    const empty = await c.fetch("/invocations", jsonl("\n\r\n\n", "text/csv"));
    expect([empty.status, await empty.text()]).toEqual([200, ""]);
    expect(log).toEqual([]);
    const other = await c.fetch("/invocations", jsonl("a\nb", "application/json"));
    expect(await other.json()).toEqual({ whole: "a\nb" });
    expect(bodyUsed).toBe(false);
  });

  it("runs at most `concurrency` records at once and keeps input order", async () => {
    let running = 0;
    let peak = 0;
    const c = await start(
      splitRecords({ concurrency: 3 })(async (request) => {
        running++;
        peak = Math.max(peak, running);
        const record = await request.text();
        await sleep(Number(record) % 7 * 3);
        running--;
        return Number(record);
      }),
    );
    const records = Array.from({ length: 20 }, (_, i) => String(i));
    const answer = await c.fetch("/invocations", jsonl(records.join("\n")));
    expect(await answer.text()).toBe(records.map((r) => `${r}\n`).join(""));
    expect(peak).toBe(3);
  });

  it("the first failing record fails the request with its status and `Record <n>: <detail>`; nothing further starts", async () => {
    const log: string[] = [];
    const c = await start(splitRecords({ concurrency: 1 })(recordHandler(log)));
    const answer = await c.fetch("/invocations", jsonl("a\n\nfail:422:three\nc\nd"));
    expect([answer.status, await answer.json()]).toEqual([422, { detail: "Record 2: bad record three" }]);
    expect(log).toEqual(["start a", "end a", "start fail:422:three", "end fail:422:three"]);
    const thrown = await c.fetch("/invocations", jsonl("a\nthrow"));
    expect([thrown.status, await thrown.json()]).toEqual([500, { detail: "Record 2: Internal Server Error" }]);
    const response = await c.fetch("/invocations", jsonl("response-fail:plain words"));
    expect([response.status, await response.json()]).toEqual([422, { detail: "Record 1: plain words" }]);
  });

  it("records failing while others run: the running ones are aborted and the answer does not wait for them", async () => {
    const log: string[] = [];
    const c = await start(splitRecords({ concurrency: 3 })(recordHandler(log)));
    const answer = await c.fetch("/invocations", jsonl("sleep:20000:x\nsleep:20000:y\nfail:409\nnever"));
    expect([answer.status, await answer.json()]).toEqual([409, { detail: "Record 3: bad record" }]);
    await sleep(50);
    expect(log).toContain("aborted sleep:20000:x");
    expect(log).toContain("aborted sleep:20000:y");
    expect(log.some((line) => line.includes("never"))).toBe(false);
  });

  it("a failure goes through errorFormatter", async () => {
    const c = await start(splitRecords()(recordHandler()), {
      errorFormatter: (error) => Response.json({ error: { message: error.detail, code: error.status } }, { status: error.status }),
    });
    const answer = await c.fetch("/invocations", jsonl("ok\nfail:400:two"));
    expect([answer.status, await answer.json()]).toEqual([400, { error: { message: "Record 2: bad record two", code: 400 } }]);
  });

  it("options are validated when called", () => {
    expect(() => splitRecords({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => splitRecords({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => splitRecords({ other: 1 } as never)).toThrow(/unknown option 'other'/);
    expect(() => splitRecords()("x" as never)).toThrow(/handler function/);
  });
});
