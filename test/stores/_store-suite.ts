import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import type { SessionLookup, SessionStore } from "../../src/sessions/store.ts";

export interface StoreFixture {
  store: SessionStore;
  /** The store's root directory, for stores that have one: path escapes are checked against it. */
  root?: string;
  /** Damages a stored record the ways a crash or a stranger could; stores that cannot be damaged omit it. */
  corrupt?: (id: string, how: "empty" | "truncated" | "garbage" | "missing" | "not-a-directory") => Promise<void>;
  /** Plants a record outside the root (returns a check that it is still intact). */
  plantOutside?: () => Promise<{ relative: string; intact: () => Promise<boolean> }>;
  dispose(): Promise<void>;
}

export type MakeStore = (clock: { now: () => number }) => Promise<StoreFixture>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T0 = 1_800_000_000_400;

/** Ids no store may treat as anything but unknown: pattern failures, traversal, reserved words. */
export const BAD_IDS = [
  "",
  "NEW_SESSION",
  ".",
  "..",
  "../x",
  "../../etc/passwd",
  "/etc/passwd",
  "a/b",
  "a\\b",
  "a b",
  "-abc",
  "abc-",
  "a_b",
  "a\u0000b",
  "%2e%2e",
  "é",
  "a".repeat(257),
  "abc, def",
];

async function withStore(make: MakeStore, body: (fixture: StoreFixture, clock: { t: number }) => Promise<void>): Promise<void> {
  const clock = { t: T0 };
  const fixture = await make({ now: () => clock.t });
  try {
    await body(fixture, clock);
  } finally {
    await fixture.store.close?.();
    await fixture.dispose();
  }
}

/**
 * Lists a store's root over and over until stopped, and looks up every session-named entry it lists:
 * one that reads as unknown while its name is still listed afterwards is a partial record (a create
 * that made the name before the record, or a delete that took the record before the name).
 */
function watchRoot(store: SessionStore, root: string, known: string[]): { stop(): Promise<{ seen: number; partial: string[] }> } {
  let stopped = false;
  let seen = 0;
  const partial: string[] = [];
  // Names already seen whole are not looked up again, so each pass is short and catches new names early.
  const whole = new Set<string>(known);
  const loop = (async () => {
    while (!stopped) {
      const names = (await readdir(root)).filter((name) => UUID_V4.test(name) && !whole.has(name));
      await Promise.all(
        names.map(async (name) => {
          seen++;
          if ((await store.lookup(name)).state === "active") whole.add(name);
          else if ((await readdir(root)).includes(name)) partial.push(name);
        }),
      );
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { seen, partial };
    },
  };
}

/** The contract every `SessionStore` must meet (API.md "Sessions", ref-sessions 7.2). */
export function testSessionStore(name: string, make: MakeStore): void {
  describe(`SessionStore contract: ${name}`, () => {
    it("creates a lower-case UUID v4 whose expiry is now + ttl floored to a whole second", async () => {
      await withStore(make, async ({ store }) => {
        const session = await store.create({ ttlSeconds: 600 });
        expect(session.id).toMatch(UUID_V4);
        expect(session.expiresAt.getTime()).toBe(Math.floor((T0 + 600_000) / 1000) * 1000);
        expect(await store.lookup(session.id)).toEqual({ state: "active", expiresAt: session.expiresAt });
      });
    });

    it("gives unique ids to concurrent creates, each one immediately usable", async () => {
      await withStore(make, async ({ store }) => {
        const sessions = await Promise.all(Array.from({ length: 40 }, () => store.create({ ttlSeconds: 60 })));
        expect(new Set(sessions.map((s) => s.id)).size).toBe(40);
        const states = await Promise.all(sessions.map((s) => store.lookup(s.id)));
        expect(states.every((s) => s.state === "active")).toBe(true);
      });
    });

    it("is active up to and at expiresAt and expired one millisecond later (strict >)", async () => {
      await withStore(make, async ({ store }, clock) => {
        const { id, expiresAt } = await store.create({ ttlSeconds: 10 });
        clock.t = expiresAt.getTime() - 1;
        expect((await store.lookup(id)).state).toBe("active");
        clock.t = expiresAt.getTime();
        expect((await store.lookup(id)).state).toBe("active");
        clock.t = expiresAt.getTime() + 1;
        expect(await store.lookup(id)).toEqual({ state: "expired" });
        // An explicit `now` wins over the clock.
        expect((await store.lookup(id, new Date(expiresAt.getTime() - 5000))).state).toBe("active");
      });
    });

    it("honours an explicit now on create", async () => {
      await withStore(make, async ({ store }) => {
        const session = await store.create({ ttlSeconds: 1, now: new Date(T0 + 10_000) });
        expect(session.expiresAt.getTime()).toBe(Math.floor((T0 + 11_000) / 1000) * 1000);
      });
    });

    it("deletes atomically and idempotently: true once, then false, then unknown", async () => {
      await withStore(make, async ({ store }) => {
        const { id } = await store.create({ ttlSeconds: 60 });
        expect(await store.delete(id)).toBe(true);
        expect(await store.delete(id)).toBe(false);
        expect(await store.lookup(id)).toEqual({ state: "unknown" });
      });
    });

    it("returns true to at most one of many concurrent deletes, and another session survives", async () => {
      await withStore(make, async ({ store }) => {
        const [a, b] = await Promise.all([store.create({ ttlSeconds: 60 }), store.create({ ttlSeconds: 60 })]);
        const results = await Promise.all(Array.from({ length: 12 }, () => store.delete(a!.id)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.lookup(b!.id)).state).toBe("active");
      });
    });

    it("deletes an expired session (it existed) and reports it", async () => {
      await withStore(make, async ({ store }, clock) => {
        const { id } = await store.create({ ttlSeconds: 1 });
        clock.t += 5000;
        expect(await store.delete(id)).toBe(true);
        expect(await store.lookup(id)).toEqual({ state: "unknown" });
      });
    });

    it("never shows a partial record: lookups racing creates and deletes see a whole record or none", async () => {
      await withStore(make, async ({ store, root }) => {
        const kept = await Promise.all(Array.from({ length: 10 }, () => store.create({ ttlSeconds: 60 })));
        const doomed = await Promise.all(Array.from({ length: 30 }, () => store.create({ ttlSeconds: 60 })));
        const watch = root ? watchRoot(store, root, kept.map((session) => session.id)) : undefined;
        const creates: Array<Promise<{ id: string }>> = [];
        const deletes: Array<Promise<[boolean, boolean]>> = [];
        const keptLookups: Array<Promise<SessionLookup>> = [];
        const doomedLookups: Array<Promise<SessionLookup>> = [];
        for (const [i, session] of doomed.entries()) {
          // Two callers delete the same id at once: exactly one of them removed it.
          deletes.push(Promise.all([store.delete(session.id), store.delete(session.id)]));
          doomedLookups.push(store.lookup(session.id));
          keptLookups.push(store.lookup(kept[i % kept.length]!.id));
          for (let j = 0; j < 3; j++) creates.push(store.create({ ttlSeconds: 60 }));
        }
        const created = await Promise.all(creates);
        const watched = await watch?.stop();
        for (const result of await Promise.all(keptLookups)) expect(result.state).toBe("active");
        for (const result of await Promise.all(doomedLookups)) expect(["active", "unknown"]).toContain(result.state);
        for (const pair of await Promise.all(deletes)) expect(pair.filter(Boolean)).toHaveLength(1);
        for (const { id } of [...kept, ...created]) expect((await store.lookup(id)).state).toBe("active");
        for (const { id } of doomed) expect(await store.lookup(id)).toEqual({ state: "unknown" });
        if (watched) {
          // Every record that showed up in the root while others were created and deleted was whole:
          // an id listed there looked up active, or (being deleted) was gone from the next listing.
          expect(watched.seen).toBeGreaterThan(0);
          expect(watched.partial).toEqual([]);
        }
      });
    });

    it("treats ids that fail SageMaker's pattern as unknown, without throwing", async () => {
      await withStore(make, async ({ store }) => {
        await store.create({ ttlSeconds: 60 });
        for (const id of BAD_IDS) {
          await expect(store.lookup(id), JSON.stringify(id)).resolves.toEqual({ state: "unknown" });
          await expect(store.delete(id), JSON.stringify(id)).resolves.toBe(false);
        }
        await expect(store.lookup(undefined as unknown as string)).resolves.toEqual({ state: "unknown" });
      });
    });

    it("answers unknown for a well-formed id it never issued", async () => {
      await withStore(make, async ({ store }) => {
        expect(await store.lookup("0b5cdb4e-7c1b-4a53-9d5b-3f3c8d1e2a10")).toEqual({ state: "unknown" });
        expect(await store.lookup("Some-Session-1")).toEqual({ state: "unknown" });
        expect(await store.delete("Some-Session-1")).toBe(false);
      });
    });

    it("sweeps expired sessions only and reports how many", async () => {
      await withStore(make, async ({ store }, clock) => {
        const short = await store.create({ ttlSeconds: 1 });
        const long = await store.create({ ttlSeconds: 100 });
        clock.t += 3000;
        expect(await store.sweep()).toBe(1);
        expect(await store.lookup(short.id)).toEqual({ state: "unknown" });
        expect((await store.lookup(long.id)).state).toBe("active");
        expect(await store.sweep()).toBe(0);
      });
    });

    it("treats corrupt records as unknown, never throwing, and keeps working", async (context) => {
      await withStore(make, async ({ store, corrupt }) => {
        // A store that cannot be damaged shows this case as skipped, never as a pass that checked nothing.
        if (!corrupt) return context.skip();
        expect.assertions(5 * 2 + 1);
        for (const how of ["empty", "truncated", "garbage", "missing", "not-a-directory"] as const) {
          const { id } = await store.create({ ttlSeconds: 60 });
          await corrupt(id, how);
          await expect(store.lookup(id), how).resolves.toEqual({ state: "unknown" });
          await expect(store.sweep(), how).resolves.toBeTypeOf("number");
        }
        const fresh = await store.create({ ttlSeconds: 60 });
        expect((await store.lookup(fresh.id)).state).toBe("active");
      });
    });

    it("never lets an id reach a path outside its root", async (context) => {
      await withStore(make, async ({ store, plantOutside }) => {
        if (!plantOutside) return context.skip();
        expect.assertions(3 * 2 + 1);
        const victim = await plantOutside();
        for (const id of [victim.relative, `./${victim.relative}`, victim.relative.replaceAll("/", "\\")]) {
          expect(await store.lookup(id)).toEqual({ state: "unknown" });
          expect(await store.delete(id)).toBe(false);
        }
        await store.sweep();
        expect(await victim.intact()).toBe(true);
      });
    });
  });
}
