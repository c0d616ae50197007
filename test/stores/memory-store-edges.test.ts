import { afterEach, describe, expect, it, vi } from "vitest";
import { isValidSessionId } from "../../src/sessions/ids.ts";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import { SessionNotFoundError } from "../../src/sessions/session-keys.ts";
import type { JsonValue } from "../../src/types.ts";

// Edges of the memory store (and the id and key rules every store shares) that the contract leaves
// open: when create sweeps, the exact boundaries, the collision loop, the texts of its errors.

const T0 = 1_800_000_000_000;
afterEach(() => {
  vi.restoreAllMocks();
});

describe("memory store: when a create sweeps", () => {
  it("a second after the last sweep on the store's clock, not a millisecond before", async () => {
    const clock = { t: T0 };
    const store = createMemorySessionStore({ now: () => clock.t });
    await store.create({ ttlSeconds: 60 }); // the first create sweeps: lastSweep = T0
    const old = await store.create({ ttlSeconds: 1, now: new Date(T0 - 10_000) });
    clock.t = T0 + 999;
    await store.create({ ttlSeconds: 60 });
    expect(await store.lookup(old.id)).toEqual({ state: "expired" });
    clock.t = T0 + 1000;
    await store.create({ ttlSeconds: 60 });
    expect(await store.lookup(old.id)).toEqual({ state: "unknown" });
  });

  it("on a clock that never moves, once the map holds 1024 sessions: not at 1023", async () => {
    const store = createMemorySessionStore({ now: () => T0 });
    await store.create({ ttlSeconds: 60 }); // sweeps an empty map
    const old = await store.create({ ttlSeconds: 1, now: new Date(T0 - 10_000) });
    // Two sessions now; grow to 1024 without a sweep.
    for (let size = 2; size < 1024; size++) await store.create({ ttlSeconds: 60 });
    expect(await store.lookup(old.id)).toEqual({ state: "expired" });
    await store.create({ ttlSeconds: 60 }); // the map holds 1024: this create sweeps
    expect(await store.lookup(old.id)).toEqual({ state: "unknown" });
  });

  it("after a sweep leaves n sessions, the next size-triggered sweep waits for 2n", async () => {
    const clock = { t: T0 };
    const store = createMemorySessionStore({ now: () => clock.t });
    for (let i = 0; i < 1500; i++) await store.create({ ttlSeconds: 600 });
    clock.t += 1000;
    await store.create({ ttlSeconds: 600 }); // a timed sweep over 1500 live sessions: next at 3000
    const old = await store.create({ ttlSeconds: 1, now: new Date(T0 - 10_000) });
    for (let i = 0; i < 1400; i++) await store.create({ ttlSeconds: 600 }); // 2902 sessions, clock unmoved
    expect(await store.lookup(old.id)).toEqual({ state: "expired" });
  });

  it("sweep() removes a session one millisecond after its expiry, not at it", async () => {
    const store = createMemorySessionStore({ now: () => T0 });
    const session = await store.create({ ttlSeconds: 5 });
    expect(await store.sweep(session.expiresAt)).toBe(0);
    expect(await store.lookup(session.id, session.expiresAt)).toEqual({ state: "active", expiresAt: session.expiresAt });
    expect(await store.sweep(new Date(session.expiresAt.getTime() + 1))).toBe(1);
    expect(await store.lookup(session.id)).toEqual({ state: "unknown" });
  });
});

describe("memory store: create", () => {
  it("rejects a ttl that is not above 0 with a RangeError naming it", async () => {
    const store = createMemorySessionStore({ now: () => T0 });
    for (const ttlSeconds of [0, -1, Number.NaN]) {
      await expect(store.create({ ttlSeconds })).rejects.toThrow(new RangeError(`ttlSeconds must be greater than 0, got ${ttlSeconds}`));
    }
    expect(await store.sweep(new Date(T0 + 10 ** 12))).toBe(0);
  });

  it("draws again when the id it drew is taken, leaving the existing session and its data alone", async () => {
    const store = createMemorySessionStore({ now: () => T0 });
    const taken = await store.create({ ttlSeconds: 60 });
    await store.putValue!(taken.id, "k", "mine");
    const real = globalThis.crypto.randomUUID.bind(globalThis.crypto);
    let calls = 0;
    vi.spyOn(globalThis.crypto, "randomUUID").mockImplementation(() => (calls++ < 2 ? (taken.id as ReturnType<typeof real>) : real()));
    const fresh = await store.create({ ttlSeconds: 600 });
    expect(calls).toBe(3);
    expect(fresh.id).not.toBe(taken.id);
    expect(await store.lookup(taken.id)).toEqual({ state: "active", expiresAt: taken.expiresAt });
    expect(await store.getValue!(taken.id, "k")).toBe("mine");
    expect(await store.getValue!(fresh.id, "k")).toBeUndefined();
  });

  it("deleteValue of a key never put is false, in a session that has no data at all", async () => {
    const store = createMemorySessionStore();
    const { id } = await store.create({ ttlSeconds: 60 });
    expect(await store.deleteValue!(id, "never")).toBe(false);
  });

  it("close() forgets every session", async () => {
    const store = createMemorySessionStore();
    const { id } = await store.create({ ttlSeconds: 60 });
    await store.close?.();
    expect(await store.lookup(id)).toEqual({ state: "unknown" });
  });
});

describe("the rules every store shares", () => {
  it("a session id is 1 to 256 characters of SageMaker's pattern", () => {
    expect(isValidSessionId("a".repeat(256))).toBe(true);
    expect(isValidSessionId("a".repeat(257))).toBe(false);
    expect(isValidSessionId("a")).toBe(true);
    expect(isValidSessionId("a-b--c")).toBe(true);
    for (const bad of ["", "NEW_SESSION", "-a", "a-", "a b", 5, null, undefined, ["a"]]) expect(isValidSessionId(bad)).toBe(false);
  });

  it("a bad key is a RangeError saying why, counting code points", async () => {
    const store = createMemorySessionStore();
    const { id } = await store.create({ ttlSeconds: 60 });
    await expect(store.putValue!(id, "", 1)).rejects.toThrow(new RangeError("Invalid session key: must not be empty"));
    await expect(store.putValue!(id, "k".repeat(257), 1)).rejects.toThrow(new RangeError("Invalid session key: must be at most 256 characters, got 257"));
    await expect(store.putValue!(id, "😀".repeat(257), 1)).rejects.toThrow(new RangeError("Invalid session key: must be at most 256 characters, got 257"));
    await store.putValue!(id, "😀".repeat(256), 1); // 512 UTF-16 units, 256 characters
    expect(await store.getValue!(id, "😀".repeat(256))).toBe(1);
    await expect(store.getValue!(id, 7 as unknown as string)).rejects.toThrow(new RangeError("Invalid session key: must be a string, got number"));
    await expect(store.getValue!(id, "a\uD800")).rejects.toThrow(new RangeError("Invalid session key: must be well-formed Unicode (it holds a lone surrogate)"));
  });

  it("a value JSON cannot hold is a TypeError saying so, and nothing is stored", async () => {
    const store = createMemorySessionStore();
    const { id } = await store.create({ ttlSeconds: 60 });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(store.putValue!(id, "k", cycle as JsonValue)).rejects.toThrow(/^Session values must be JSON: Converting circular structure to JSON/);
    await expect(store.putValue!(id, "k", 1n as unknown as JsonValue)).rejects.toThrow(/^Session values must be JSON: Do not know how to serialize a BigInt/);
    await expect(store.putValue!(id, "k", undefined as unknown as JsonValue)).rejects.toThrow(new TypeError("Session values must be JSON, got undefined"));
    await expect(store.putValue!(id, "k", (() => 1) as unknown as JsonValue)).rejects.toThrow(new TypeError("Session values must be JSON, got function"));
    expect(await store.getValue!(id, "k")).toBeUndefined();
  });

  it("SessionNotFoundError names the id, cut after 256 characters", async () => {
    const store = createMemorySessionStore();
    const at256 = "a".repeat(256);
    const over = "b".repeat(300);
    const error = await store.getValue!(at256, "k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect((error as SessionNotFoundError).message).toBe(`session not found: ${at256}`);
    expect((error as SessionNotFoundError).sessionId).toBe(at256);
    expect((error as SessionNotFoundError).name).toBe("SessionNotFoundError");
    const long = (await store.getValue!(over, "k").catch((e: unknown) => e)) as SessionNotFoundError;
    expect(long.message).toBe(`session not found: ${"b".repeat(256)}...`);
    expect(long.sessionId).toBe(over);
  });
});
