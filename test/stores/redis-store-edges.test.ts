import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SageMakerConfigError } from "../../src/errors.ts";
import { createRedisSessionStore } from "../../src/stores/redis-store.ts";
import type { RedisSessionStoreOptions } from "../../src/stores/redis-store.ts";
import { startRedisServer } from "../support/redis-server.ts";
import type { RedisServer } from "../support/redis-server.ts";

// Edges of the Redis store against a real redis-server: its client check, the create retry on a
// taken id, records that are not plain epoch milliseconds, and a sweep longer than one SCAN page.

let server: RedisServer;
const newClient = () => createClient({ url: server.url });
let client: ReturnType<typeof newClient>;
const T0 = 1_800_000_000_000;

beforeAll(async () => {
  server = await startRedisServer();
  client = newClient();
  client.on("error", () => {});
  await client.connect();
});
afterAll(async () => {
  await client?.quit().catch(() => client.destroy());
  await server?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});
const fresh = (prefix = `edges:${crypto.randomUUID()}:`) => ({ prefix, store: createRedisSessionStore({ client, prefix, now: () => T0 }) });

describe("redis store: its client", () => {
  it("must be an object with sendCommand (redis) or call (ioredis): anything else is a config error naming the key", () => {
    const bad = [null, undefined, 5, "redis://localhost", {}, { sendCommand: "no" }, Object.assign(() => {}, { sendCommand() {} })];
    for (const candidate of bad) {
      let error: unknown;
      try {
        createRedisSessionStore({ client: candidate } as unknown as RedisSessionStoreOptions);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SageMakerConfigError);
      expect((error as SageMakerConfigError).message).toBe("createRedisSessionStore: options.client must be a redis (sendCommand) or ioredis (call) client");
      expect((error as SageMakerConfigError).key).toBe("createRedisSessionStore.client");
    }
    expect(typeof createRedisSessionStore({ client: { sendCommand: async () => null } as never }).create).toBe("function");
    expect(typeof createRedisSessionStore({ client: { call: async () => null } as never }).create).toBe("function");
  });
});

describe("redis store: create", () => {
  it("rejects a ttl that is not above 0 with a RangeError, and writes nothing", async () => {
    const { prefix, store } = fresh();
    for (const ttlSeconds of [0, -1, Number.NaN]) {
      await expect(store.create({ ttlSeconds })).rejects.toThrow(new RangeError(`ttlSeconds must be greater than 0, got ${ttlSeconds}`));
    }
    expect(await client.keys(`${prefix}*`)).toEqual([]);
  });

  it("draws again when SET NX finds the id taken; four taken draws in a row are an error; the existing session is untouched", async () => {
    const { prefix, store } = fresh();
    const taken = await store.create({ ttlSeconds: 60 });
    await store.putValue!(taken.id, "k", "mine");
    const real = globalThis.crypto.randomUUID.bind(globalThis.crypto);
    let calls = 0;
    vi.spyOn(globalThis.crypto, "randomUUID").mockImplementation(() => (calls++ === 0 ? (taken.id as ReturnType<typeof real>) : real()));
    const other = await store.create({ ttlSeconds: 600 });
    expect(other.id).not.toBe(taken.id);
    expect(calls).toBe(2);
    expect(await store.lookup(taken.id)).toEqual({ state: "active", expiresAt: taken.expiresAt });
    expect(await store.lookup(other.id)).toEqual({ state: "active", expiresAt: new Date(T0 + 600_000) });

    calls = 0;
    vi.spyOn(globalThis.crypto, "randomUUID").mockImplementation(() => {
      calls++;
      return taken.id as ReturnType<typeof real>;
    });
    await expect(store.create({ ttlSeconds: 600 })).rejects.toThrow("createRedisSessionStore: could not find a free session id");
    expect(calls).toBe(4);
    expect(await store.lookup(taken.id)).toEqual({ state: "active", expiresAt: taken.expiresAt });
    expect(await store.getValue!(taken.id, "k")).toBe("mine");
    expect((await client.keys(`${prefix}*`)).sort()).toEqual([`${prefix}{${taken.id}}:d`, `${prefix}{${taken.id}}:s`, `${prefix}{${other.id}}:s`].sort());
  });
});

describe("redis store: records", () => {
  it("live under the prefix 'mhcs:' unless told otherwise, one hash tag per session", async () => {
    const store = createRedisSessionStore({ client });
    const { id } = await store.create({ ttlSeconds: 60 });
    await store.putValue!(id, "k", 1);
    expect((await client.keys(`mhcs:{${id}}:*`)).sort()).toEqual([`mhcs:{${id}}:d`, `mhcs:{${id}}:s`]);
    expect(await store.delete(id)).toBe(true);
    expect(await client.keys(`mhcs:{${id}}:*`)).toEqual([]);
  });


  it("a record that is not all digits (an exponent, a sign, a prefix) is unknown, not a session", async () => {
    const { prefix, store } = fresh();
    for (const [i, text] of ["1e3", "+1800000000000", "x1800000000000", " 1800000000000", "1800000000000\n"].entries()) {
      const id = `corrupt-${i}`;
      await client.set(`${prefix}{${id}}:s`, text);
      expect(await store.lookup(id)).toEqual({ state: "unknown" });
    }
    await client.set(`${prefix}{plain}:s`, String(T0 + 1000));
    expect(await store.lookup("plain")).toEqual({ state: "active", expiresAt: new Date(T0 + 1000) });
  });

  it("sweep walks every SCAN page: 1,200 expired sessions are all removed, a live one stays", async () => {
    const { prefix, store } = fresh();
    const live = await store.create({ ttlSeconds: 600 });
    const past = new Date(T0 - 60_000);
    for (let i = 0; i < 1200; i += 100) await Promise.all(Array.from({ length: 100 }, () => store.create({ ttlSeconds: 1, now: past })));
    expect(await store.sweep()).toBe(1200);
    expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}{${live.id}}:s`]);
  });
});
