import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import { createRedisSessionStore } from "../../src/stores/redis-store.ts";
import { startRedisServer } from "../support/redis-server.ts";
import type { RedisServer } from "../support/redis-server.ts";
import { testSessionStore } from "./_store-suite.ts";

const newClient = () => createClient({ url: server.url });
type Client = ReturnType<typeof newClient>;
let server: RedisServer;
const clients = new Set<Client>();

async function connect(): Promise<Client> {
  const client = newClient();
  client.on("error", () => {}); // reported through the commands that fail
  await client.connect();
  clients.add(client);
  return client;
}
async function disconnect(client: Client): Promise<void> {
  clients.delete(client);
  await client.quit().catch(() => client.destroy());
}

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const client of clients) await disconnect(client);
  await server?.stop();
});

testSessionStore("redis", async ({ now }) => {
  const prefix = `test:${crypto.randomUUID()}:`;
  const client = await connect();
  const peerClients: Client[] = [];
  const keys = async (): Promise<string[]> => client.keys(`${prefix}*`);
  return {
    store: createRedisSessionStore({ client, prefix, now }),
    async peer() {
      const other = await connect();
      peerClients.push(other);
      return createRedisSessionStore({ client: other, prefix, now });
    },
    residue: async (id) => (await keys()).some((key) => key.includes(id)),
    async corrupt(id, how) {
      const record = `${prefix}{${id}}:s`;
      if (how === "empty") await client.set(record, "");
      if (how === "truncated") await client.set(record, "18000000.");
      if (how === "garbage") await client.set(record, '{"not":"a number"}');
      if (how === "missing") await client.del(record);
      if (how === "not-a-directory") {
        await client.del(record);
        await client.hSet(record, "x", "1");
      }
    },
    async dispose() {
      const left = await keys();
      if (left.length > 0) await client.del(left);
      for (const other of peerClients) await disconnect(other);
      await disconnect(client);
    },
  };
  // Keys, not paths: there is no outside of a root to plant a record in.
}, { lacking: ["plantOutside"] });

// The same contract through ioredis (`call`), the other common client.
testSessionStore("redis via ioredis", async ({ now }) => {
  const prefix = `ioredis:${crypto.randomUUID()}:`;
  const open = () => new Redis(server.port, "127.0.0.1", { lazyConnect: false, maxRetriesPerRequest: 1 });
  const client = open();
  const peers: Redis[] = [];
  return {
    store: createRedisSessionStore({ client, prefix, now }),
    async peer() {
      const other = open();
      peers.push(other);
      return createRedisSessionStore({ client: other, prefix, now });
    },
    residue: async (id) => (await client.keys(`${prefix}*`)).some((key) => key.includes(id)),
    async dispose() {
      const left = await client.keys(`${prefix}*`);
      if (left.length > 0) await client.del(...left);
      for (const other of [...peers, client]) await other.quit();
    },
  };
  // Corrupt records are covered through the first client; this one proves the commands.
}, { lacking: ["corrupt", "plantOutside"] });

describe("redis store on a real redis-server", () => {
  it("relies on Redis expiry: data is unreachable after expiresAt, and Redis removes record and data once the grace period ends", async () => {
    const client = await connect();
    const prefix = `expiry:${crypto.randomUUID()}:`;
    const store = createRedisSessionStore({ client, prefix, expiredRecordSeconds: 1 });
    const { id, expiresAt } = await store.create({ ttlSeconds: 1 });
    await store.putValue!(id, "k", { v: 1 });
    const ttl = await client.pTTL(`${prefix}{${id}}:d`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2000 + 50);
    while (Date.now() <= expiresAt.getTime() + 50) await new Promise((r) => setTimeout(r, 50));
    expect(await store.lookup(id)).toEqual({ state: "expired" });
    await expect(store.getValue!(id, "k")).rejects.toMatchObject({ name: "SessionNotFoundError" });
    const deadline = Date.now() + 10_000;
    while ((await client.keys(`${prefix}*`)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await client.keys(`${prefix}*`)).toEqual([]);
    expect(await store.lookup(id)).toEqual({ state: "unknown" });
    await disconnect(client);
  });

  it("two handlers (two workers) over one Redis share sessions and their data", async () => {
    const prefix = `handlers:${crypto.randomUUID()}:`;
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const make = async () =>
      createHandlerOn(
        {
          env: {},
          logger: quiet,
          sessions: { enabled: true, store: createRedisSessionStore({ client: await connect(), prefix }) },
          invocations: statefulSessionManager()(async (request, context) => {
            const { prompt } = (await request.json()) as { prompt: string };
            const turns = [...((await context.session!.get<string[]>("history")) ?? []), prompt];
            await context.session!.put("history", turns);
            return { turns };
          }),
        },
        undefined,
      );
    const [a, b] = [await make(), await make()];
    const post = (handler: typeof a, body: unknown, id?: string) =>
      handler.fetch(new Request("http://localhost/invocations", { method: "POST", headers: id ? { "X-Amzn-SageMaker-Session-Id": id } : {}, body: JSON.stringify(body) }));
    const created = await post(a, { requestType: "NEW_SESSION" });
    const id = created.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split(";")[0]!;
    expect(await (await post(a, { prompt: "one" }, id)).json()).toEqual({ turns: ["one"] });
    expect(await (await post(b, { prompt: "two" }, id)).json()).toEqual({ turns: ["one", "two"] });
    expect((await post(b, { requestType: "CLOSE" }, id)).status).toBe(200);
    expect(await (await post(a, { prompt: "three" }, id)).json()).toEqual({ detail: `Bad request: session not found: ${id}` });
    await a.close();
    await b.close();
  });

  it("a store failure (server gone) is a rejection the manager turns into 503, never a hang", async () => {
    const client = await connect();
    const store = createRedisSessionStore({ client, prefix: `gone:${crypto.randomUUID()}:` });
    const { id } = await store.create({ ttlSeconds: 60 });
    await disconnect(client);
    await expect(store.lookup(id)).rejects.toBeDefined();
  });

  it("rejects a client that can send no command", () => {
    expect(() => createRedisSessionStore({ client: {} as never })).toThrow(/sendCommand.*call/);
  });
});
