import { describe, expect, it } from "vitest";
import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import { testSessionStore } from "./_store-suite.ts";

// A memory store has no records to corrupt and no paths to plant outside of.
testSessionStore("memory", async ({ now }) => ({ store: createMemorySessionStore({ now }), dispose: async () => {} }), { lacking: ["corrupt", "plantOutside"] });

describe("memory store: sweeps by create", () => {
  const T0 = 1_800_000_000_000;

  it("removes expired sessions on a create once the sweep interval has passed", async () => {
    const clock = { t: T0 };
    const store = createMemorySessionStore({ now: () => clock.t });
    const old = await store.create({ ttlSeconds: 1 });
    clock.t += 5000;
    expect(await store.lookup(old.id)).toEqual({ state: "expired" });
    await store.create({ ttlSeconds: 60 });
    expect(await store.lookup(old.id)).toEqual({ state: "unknown" });
  });

  it("removes expired sessions once the map has grown, even on a clock that never moves", async () => {
    const clock = { t: T0 };
    const store = createMemorySessionStore({ now: () => clock.t });
    await store.create({ ttlSeconds: 60 });
    // Already expired on the store's clock, created after the first sweep.
    const old = await store.create({ ttlSeconds: 1, now: new Date(T0 - 10_000) });
    expect(await store.lookup(old.id)).toEqual({ state: "expired" });
    for (let i = 0; i < 2048 && (await store.lookup(old.id)).state === "expired"; i++) await store.create({ ttlSeconds: 60 });
    expect(await store.lookup(old.id)).toEqual({ state: "unknown" });
    expect(await store.sweep()).toBe(0);
  });

  it("keeps every live session through many sweeps", async () => {
    const clock = { t: T0 };
    const store = createMemorySessionStore({ now: () => clock.t });
    const ids: string[] = [];
    for (let i = 0; i < 3000; i++) {
      ids.push((await store.create({ ttlSeconds: 600 })).id);
      if (i % 500 === 0) clock.t += 1500;
    }
    const states = await Promise.all(ids.map((id) => store.lookup(id)));
    expect(states.every((s) => s.state === "active")).toBe(true);
  });
});
