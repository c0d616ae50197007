/**
 * Conformance cases of the hosting modes (multi-model endpoints, batch transform, async inference):
 * every route, status and race, on every transport. Each case cleans up the models it loads, so the
 * `models` profile is empty again when it ends.
 */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Answer, Client, Exchange } from "./_client.ts";
import type { Case } from "./_cases.ts";
import { PROFILE_HEADER } from "./fixture/app.ts";

const NO_FILE_SYSTEM = "workerd has no file system: customer scripts cannot be discovered or imported";
const SCRIPTED_MODEL = fileURLToPath(new URL("./fixture/models/scripted/", import.meta.url));
const json = (value: unknown): string => JSON.stringify(value);

const modelsRequest = (exchange: Exchange): Exchange => ({ ...exchange, headers: { [PROFILE_HEADER]: "models", ...exchange.headers } });
const batchRequest = (exchange: Exchange): Exchange => ({ ...exchange, headers: { [PROFILE_HEADER]: "batch", ...exchange.headers } });

/** A client for one profile, with the model API's requests spelled out. */
function models(client: Client) {
  const send = (exchange: Exchange): Promise<Answer> => client.send(modelsRequest(exchange));
  return {
    send,
    load: (name: string, url = `/opt/ml/models/${name}/model`) => send({ method: "POST", path: "/models", body: json({ model_name: name, url }), headers: { "content-type": "application/json" } }),
    list: (token?: string) => send({ method: "GET", path: token === undefined ? "/models" : `/models?next_page_token=${encodeURIComponent(token)}` }),
    describe: (name: string) => send({ method: "GET", path: `/models/${encodeURIComponent(name)}` }),
    unload: (name: string) => send({ method: "DELETE", path: `/models/${encodeURIComponent(name)}` }),
    invoke: (name: string, scenario: string, extra: Partial<Exchange> = {}) =>
      send({ method: "POST", path: `/models/${encodeURIComponent(name)}/invoke`, ...extra, headers: { "x-scenario": scenario, ...extra.headers } }),
    async events(name: string): Promise<string[]> {
      const answer = await send({ method: "POST", path: "/invocations", headers: { "x-scenario": "model-events", "x-model-name": name } });
      return JSON.parse(answer.body) as string[];
    },
  };
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Status and body only: framing differs by runtime, and these cases are about the model API. */
const brief = (answer: Answer): [number, string] => [answer.status, answer.body];

function sequenceCase(name: string, run: (client: Client) => Promise<unknown>, expected: unknown, extra: Partial<Case> = {}): Case {
  return { name, run, check: (observation) => expect(observation).toEqual(expected), ...extra };
}

const notLoaded = (name: string): [number, string] => [404, json({ detail: `Model ${name} is not loaded` })];
const described = (name: string, url = `/opt/ml/models/${name}/model`) => json({ modelName: name, modelUrl: url });

export const MODE_CASES: Case[] = [
  // Multi-model endpoints
  sequenceCase(
    "models: load, list, describe, invoke with context.model, delete, then 404",
    async (client) => {
      const m = models(client);
      const steps = [
        brief(await m.load("alpha")),
        brief(await m.list()),
        brief(await m.describe("alpha")),
        brief(await m.invoke("alpha", "model", { body: "hi", headers: { "x-amzn-sagemaker-target-model": "alpha.tar.gz" } })),
        brief(await m.unload("alpha")),
        brief(await m.describe("alpha")),
        brief(await m.invoke("alpha", "model")),
        brief(await m.unload("alpha")),
        brief(await m.list()),
      ];
      return { steps, events: await m.events("alpha") };
    },
    {
      steps: [
        [200, described("alpha")],
        [200, json({ models: [{ modelName: "alpha", modelUrl: "/opt/ml/models/alpha/model" }] })],
        [200, described("alpha")],
        [200, json({ model: "alpha", url: "/opt/ml/models/alpha/model", handle: { loadedAs: "alpha" }, targetModel: "alpha.tar.gz", params: { model_name: "alpha" }, path: "/models/alpha/invoke", body: "hi" })],
        [200, described("alpha")],
        notLoaded("alpha"),
        notLoaded("alpha"),
        notLoaded("alpha"),
        [200, json({ models: [] })],
      ],
      events: ["load", "loaded", "unload alpha"],
    },
  ),
  sequenceCase(
    "models: /ping is an empty 200 with no model loaded; a streamed invoke arrives whole",
    async (client) => {
      const m = models(client);
      const ping = brief(await m.send({ method: "GET", path: "/ping" }));
      await m.load("streamer");
      const stream = await m.invoke("streamer", "stream");
      await m.unload("streamer");
      return { ping, stream: [stream.status, stream.headers["content-type"], stream.body] };
    },
    { ping: [200, ""], stream: [200, "text/event-stream", "data: one\n\ndata: two\n\ndata: three\n\n"] },
  ),
  sequenceCase(
    "models: wrong methods are 405 with Allow; /models/ and deeper paths are not ours",
    async (client) => {
      const m = models(client);
      const answers = [];
      for (const [method, path] of [["PUT", "/models"], ["POST", "/models/x"], ["GET", "/models/x/invoke"], ["PATCH", "/models/x"]] as const) {
        const answer = await m.send({ method, path });
        answers.push([answer.status, answer.headers.allow, answer.body]);
      }
      for (const path of ["/models/", "/models/x/other", "/models/x/invoke/more"]) answers.push(brief(await m.send({ method: "POST", path, body: "" })));
      return answers;
    },
    [
      [405, "GET, POST", json({ detail: "Method Not Allowed" })],
      [405, "DELETE, GET", json({ detail: "Method Not Allowed" })],
      [405, "POST", json({ detail: "Method Not Allowed" })],
      [405, "DELETE, GET", json({ detail: "Method Not Allowed" })],
      [404, json({ detail: "Not Found" })],
      [404, json({ detail: "Not Found" })],
      [404, json({ detail: "Not Found" })],
    ],
  ),
  sequenceCase(
    "models: bad bodies and names are 400 naming the field, checked before any load",
    async (client) => {
      const m = models(client);
      const post = (body: string) => m.send({ method: "POST", path: "/models", body, headers: { "content-type": "application/json" } });
      const details = [];
      for (const body of ["{oops", "[1]", json({ url: "u" }), json({ model_name: "", url: "u" }), json({ model_name: "ok" }), json({ model_name: "a/b", url: "u" }), json({ model_name: ".", url: "u" }), json({ model_name: "x".repeat(257), url: "u" })]) {
        const answer = await post(body);
        details.push([answer.status, (JSON.parse(answer.body) as { detail: string }).detail.split(":")[0]]);
      }
      details.push(brief(await m.describe("%zz")));
      details.push((await m.send({ method: "GET", path: "/models/%zz" })).status);
      details.push((await m.send({ method: "POST", path: "/models/a%00b/invoke" })).status);
      return { details, events: await m.events("ok") };
    },
    {
      details: [
        [400, "Invalid request body"],
        [400, "Invalid request body"],
        [400, "Invalid model_name"],
        [400, "Invalid model_name"],
        [400, "Invalid url"],
        [400, "Invalid model_name"],
        [400, "Invalid model_name"],
        [400, "Invalid model_name"],
        [404, json({ detail: "Model %zz is not loaded" })],
        400,
        400,
      ],
      events: [],
    },
  ),
  sequenceCase(
    "models: 507 past maxLoaded and from the engine; a failed load is 500, not listed, and frees the name",
    async (client) => {
      const m = models(client);
      const names = ["f1", "f2", "f3", "f4"];
      for (const name of names) await m.load(name);
      const full = brief(await m.load("f5"));
      await m.unload("f4");
      const engineFull = brief(await m.load("f5", "full"));
      const failed = brief(await m.load("f5", "fail"));
      const listed = JSON.parse((await m.list()).body) as { models: Array<{ modelName: string }>; nextPageToken?: string };
      const list = [listed.models.map((model) => model.modelName), typeof listed.nextPageToken];
      const retried = brief(await m.load("f5"));
      for (const name of ["f1", "f2", "f3", "f5"]) await m.unload(name);
      return { full, engineFull, failed, list, retried, events: await m.events("f5") };
    },
    {
      full: [507, json({ detail: "Cannot load model f5: 4 models are loaded" })],
      engineFull: [507, json({ detail: "the engine is out of memory" })],
      failed: [500, json({ detail: "Failed to load model f5" })],
      list: [["f1", "f2"], "string"],
      retried: [200, described("f5")],
      events: ["load", "load", "load", "loaded", "unload f5"],
    },
  ),
  {
    name: "models: GET /models pages in load order; a token survives unloads; a foreign token is 400",
    async run(client) {
      const m = models(client);
      for (const name of ["p1", "p2", "p3", "p4"]) await m.load(name);
      const first = JSON.parse((await m.list()).body) as { models: Array<{ modelName: string }>; nextPageToken?: string };
      await m.unload("p2");
      const second = JSON.parse((await m.list(first.nextPageToken)).body) as { models: Array<{ modelName: string }>; nextPageToken?: string };
      const foreign = [(await m.list("")).status, (await m.list("mp1.99999")).status, (await m.list("not-a-token")).status];
      for (const name of ["p1", "p3", "p4"]) await m.unload(name);
      return {
        first: first.models.map((model) => model.modelName),
        firstHasToken: typeof first.nextPageToken === "string",
        second: second.models.map((model) => model.modelName),
        secondHasToken: "nextPageToken" in second,
        foreign,
      };
    },
    check: (observation) =>
      expect(observation).toEqual({ first: ["p1", "p2"], firstHasToken: true, second: ["p3", "p4"], secondHasToken: false, foreign: [400, 400, 400] }),
  },
  sequenceCase(
    "models race: concurrent loads of one name load it once; the rest are 409",
    async (client) => {
      const m = models(client);
      const answers = await Promise.all(Array.from({ length: 5 }, () => m.load("racer", "slow:300")));
      const statuses = answers.map((answer) => answer.status).sort();
      const conflict = answers.find((answer) => answer.status === 409)?.body;
      await m.unload("racer");
      return { statuses, conflict, events: await m.events("racer") };
    },
    { statuses: [200, 409, 409, 409, 409], conflict: json({ detail: "Model racer is already loaded" }), events: ["load", "loaded", "unload racer"] },
  ),
  sequenceCase(
    "models race: a DELETE during an invocation answers new ones 404 at once, lets the running one finish, then unloads",
    async (client) => {
      const m = models(client);
      await m.load("busy");
      const running = m.invoke("busy", "model-slow", { headers: { "x-delay-ms": "1200" } });
      await waitFor("the invocation to start", async () => (await m.events("busy")).includes("started"));
      const deleting = m.unload("busy");
      await waitFor("the DELETE to arrive", async () => (await m.describe("busy")).status === 404);
      const during = { invoke: brief(await m.invoke("busy", "model")), list: brief(await m.list()), reload: (await m.load("busy")).status };
      return { during, running: brief(await running), deleted: brief(await deleting), events: await m.events("busy") };
    },
    {
      during: { invoke: notLoaded("busy"), list: [200, json({ models: [] })], reload: 409 },
      running: [200, json({ answered: "busy" })],
      deleted: [200, described("busy")],
      events: ["load", "loaded", "started", "answered", "unload busy"],
    },
  ),
  sequenceCase(
    "models race: a DELETE waits for a streaming response to end",
    async (client) => {
      const m = models(client);
      await m.load("streaming");
      const streaming = m.invoke("streaming", "model-stream", { headers: { "x-quiet-ms": "1000" } });
      await waitFor("the stream to start", async () => (await m.events("streaming")).includes("stream started"));
      const deleted = brief(await m.unload("streaming"));
      return { deleted, stream: brief(await streaming), events: await m.events("streaming") };
    },
    { deleted: [200, described("streaming")], stream: [200, "first\nlast\n"], events: ["load", "loaded", "stream started", "stream ended", "unload streaming"] },
  ),
  sequenceCase(
    "models race: a DELETE during a load waits for it (the POST still answers 200); during a failing load it is 404",
    async (client) => {
      const m = models(client);
      const loading = m.load("late", "slow:800");
      await waitFor("the load to start", async () => (await m.events("late")).includes("load"));
      const deleting = m.unload("late");
      const failing = m.load("doomed", "slow-fail:800");
      await waitFor("the failing load to start", async () => (await m.events("doomed")).includes("load"));
      const deletingDoomed = m.unload("doomed");
      return {
        load: brief(await loading),
        deleted: brief(await deleting),
        failed: brief(await failing),
        deletedDoomed: brief(await deletingDoomed),
        after: [(await m.describe("late")).status, (await m.describe("doomed")).status],
        events: [await m.events("late"), await m.events("doomed")],
      };
    },
    {
      load: [200, described("late", "slow:800")],
      deleted: [200, described("late", "slow:800")],
      failed: [500, json({ detail: "Failed to load model doomed" })],
      deletedDoomed: notLoaded("doomed"),
      after: [404, 404],
      events: [["load", "loaded", "unload late"], ["load"]],
    },
  ),
  {
    ...sequenceCase(
      "models: a model's own customer script answers for it alone, with its own formatters",
      async (client) => {
        const m = models(client);
        await m.load("scripted", SCRIPTED_MODEL);
        await m.load("plain");
        const scripted = await m.invoke("scripted", "model", { body: "x" });
        const plain = await m.invoke("plain", "model", { body: "y" });
        await m.unload("scripted");
        await m.unload("plain");
        return {
          scripted: [scripted.status, scripted.headers["x-post"], scripted.body],
          plain: [plain.status, plain.headers["x-post"] ?? null, (JSON.parse(plain.body) as { model: string }).model],
        };
      },
      {
        scripted: [200, "model formatter", json({ source: "model script", model: "scripted", pre: "model formatter", body: "x" })],
        plain: [200, null, "plain"],
      },
    ),
    unsupported: { workerd: NO_FILE_SYSTEM },
  },

  // Batch transform
  sequenceCase(
    "batch: GET /execution-parameters answers config.batch; another method is 405",
    async (client) => {
      const get = await client.send(batchRequest({ method: "GET", path: "/execution-parameters" }));
      const post = await client.send(batchRequest({ method: "POST", path: "/execution-parameters", body: "" }));
      return [[get.status, get.headers["content-type"], get.body], [post.status, post.headers.allow]];
    },
    [[200, "application/json", json({ MaxConcurrentTransforms: 2, BatchStrategy: "SINGLE_RECORD", MaxPayloadInMB: 1 })], [405, "GET"]],
  ),
  sequenceCase(
    "batch: splitRecords answers JSON Lines and CSV record by record, in order",
    async (client) => {
      const send = (type: string, body: string) => client.send(batchRequest({ method: "POST", path: "/invocations", body, headers: { "content-type": type } }));
      const lines = await send("application/jsonlines", '{"a":1}\r\n\ntext:two\n{"c":3}\n');
      const csv = await send("text/csv; charset=utf-8", "text:1,2\ntext:3,4\n");
      const empty = await send("application/jsonlines", "\n\n");
      return [
        [lines.status, lines.headers["content-type"], lines.body],
        [csv.status, csv.headers["content-type"], csv.body],
        brief(empty),
      ];
    },
    [
      [200, "application/jsonlines", `${json({ record: '{"a":1}', type: "application/jsonlines" })}\n"two"\n${json({ record: '{"c":3}', type: "application/jsonlines" })}\n`],
      [200, "text/csv", "1,2\n3,4\n"],
      [200, ""],
    ],
  ),
  sequenceCase(
    "batch race: a record failing while others run fails the batch at once and aborts the running ones",
    async (client) => {
      const id = `batch-${Date.now()}`;
      const send = (body: string) =>
        client.send(batchRequest({ method: "POST", path: "/invocations", body, headers: { "content-type": "application/jsonlines", "x-probe-id": id } }));
      const failed = brief(await send("wait:20000\nfail:422\nnever"));
      let outcome: unknown;
      await waitFor("the running record to end", async () => {
        const probe = await client.send(batchRequest({ method: "POST", path: "/invocations", headers: { "x-scenario": "probe", "x-probe-id": id } }));
        outcome = (JSON.parse(probe.body) as { outcome?: unknown }).outcome;
        return outcome !== "started";
      });
      const thrown = brief(await send("ok\nthrow"));
      return { failed, outcome, thrown };
    },
    {
      failed: [422, json({ detail: "Record 2: record says 422" })],
      outcome: "aborted",
      thrown: [500, json({ detail: "Record 2: Internal Server Error" })],
    },
  ),
  sequenceCase(
    "batch: config.batch.maxPayloadInMB is the body limit",
    async (client) => {
      // The body is held back until the answer (or 500 ms): the oversized one is refused on its declared length.
      const send = (bytes: number) =>
        client.send(batchRequest({ method: "POST", path: "/invocations", body: "a".repeat(bytes), headers: { "x-scenario": "string" }, holdBodyMs: 500 }));
      return [(await send(1024 * 1024)).status, brief(await send(1024 * 1024 + 1))];
    },
    [200, [413, json({ detail: "Request body is larger than the limit of 1048576 bytes" })]],
  ),

  // Async inference
  sequenceCase(
    "async: /ping answers while a long invocation runs",
    async (client) => {
      const order: string[] = [];
      const id = `long-${Date.now()}`;
      const long = client
        .send({ method: "POST", path: "/invocations", headers: { [PROFILE_HEADER]: "basic", "x-scenario": "slow", "x-delay-ms": "1500", "x-probe-id": id } })
        .then((answer) => order.push(`invocation ${answer.status}`));
      await waitFor("the invocation to start", async () => {
        const probe = await client.send({ method: "POST", path: "/invocations", headers: { [PROFILE_HEADER]: "basic", "x-scenario": "probe", "x-probe-id": id } });
        return (JSON.parse(probe.body) as { started?: boolean }).started === true;
      });
      const ping = await client.send(modelsRequest({ method: "GET", path: "/ping" }));
      order.push(`ping ${ping.status}`);
      await long;
      return order;
    },
    ["ping 200", "invocation 200"],
  ),
];
