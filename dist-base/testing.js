// testing/assert.ts
var ContractFailure = class extends Error {
  get name() {
    return "ContractFailure";
  }
};
function fail(message) {
  throw new ContractFailure(message);
}
var show = (value) => {
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
function isDeepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && isDeepEqual(a[key], b[key]));
}
function equal(actual, expected, what) {
  if (!isDeepEqual(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
function ok(condition, what) {
  if (!condition) fail(what);
}
async function rejects(promise, what) {
  try {
    const value = await promise;
    return fail(`${what}: expected a rejection, got ${show(value)}`);
  } catch (error) {
    if (error instanceof ContractFailure) throw error;
    return error;
  }
}
function errorName(error) {
  return error instanceof Error ? error.name : typeof error;
}

// testing/store-contract.ts
var UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
var startOfTest = () => Math.floor(Date.now() / 1e3) * 1e3 + 400;
var BAD_IDS = [
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
  "a\0b",
  "%2e%2e",
  "\xE9",
  "a".repeat(257),
  "abc, def"
];
var TRICKY_KEYS = [
  "a",
  "A",
  "a/b",
  "a-b",
  "a_b",
  "a\\b",
  "a b",
  ".",
  "..",
  "../x",
  "../../etc/passwd",
  "/etc/passwd",
  ".expiration_ts",
  "meta.json",
  "~",
  "~YQ",
  "~~",
  "a\0b",
  "%2e%2e",
  "\xE9",
  "e\u0301",
  "\u{1F642}",
  "CON",
  "x".repeat(256),
  `${"x".repeat(255)}y`,
  "\u{1F642}".repeat(256),
  `${"\u{1F642}".repeat(255)}y`
];
function resolveRunner(options) {
  if (options.runner) return options.runner;
  const g = globalThis;
  if (typeof g.describe === "function" && typeof g.it === "function") return { describe: g.describe, it: g.it };
  throw new TypeError("testSessionStore: no global describe/it here; pass { runner: { describe, it } } from your test framework");
}
function watchRoot(store, listRoot, known) {
  let stopped = false;
  let waiting = [];
  let seen = 0;
  const partial = [];
  const whole = new Set(known);
  let passes = 0;
  const listing = async () => {
    while (!stopped) {
      const names = (await listRoot()).filter((name) => UUID_V4.test(name) && !whole.has(name));
      await Promise.all(
        names.map(async (name) => {
          seen++;
          if ((await store.lookup(name)).state === "active") whole.add(name);
          else if ((await listRoot()).includes(name)) partial.push(name);
        })
      );
      if (++passes % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      for (const resolve of waiting) resolve();
      waiting = [];
    }
  };
  const loop = Promise.all(Array.from({ length: 6 }, listing));
  return {
    nextPass: () => new Promise((resolve) => waiting.push(resolve)),
    async stop() {
      stopped = true;
      await loop;
      return { seen, partial };
    }
  };
}
async function withStore(make, body) {
  const clock = { t: startOfTest() };
  const fixture = await make({ now: () => clock.t });
  const peers = [];
  const peer = fixture.peer;
  const wrapped = peer ? {
    ...fixture,
    peer: async () => {
      const other = await peer();
      peers.push(other);
      return other;
    }
  } : fixture;
  try {
    await body(wrapped, clock);
  } finally {
    for (const other of peers) await other.close?.();
    await fixture.store.close?.();
    await fixture.dispose();
  }
}
function data(store) {
  const { getValue, putValue, deleteValue } = store;
  if (typeof getValue !== "function" || typeof putValue !== "function" || typeof deleteValue !== "function") {
    fail("the store has no getValue/putValue/deleteValue (pass { sessionData: false } for a protocol-only store)");
  }
  return { getValue: getValue.bind(store), putValue: putValue.bind(store), deleteValue: deleteValue.bind(store) };
}
async function notFound(promise, what) {
  const error = await rejects(promise, what);
  equal(errorName(error), "SessionNotFoundError", `${what}: rejection`);
}
function testSessionStore(name, make, options = {}) {
  const { describe, it } = resolveRunner(options);
  const lacking = new Set(options.lacking ?? []);
  const needing = (hook, title, body) => {
    if (lacking.has(hook)) {
      it.skip?.(title, async () => {
      });
      return;
    }
    it(title, async (...args) => {
      const context = args[0];
      await body(() => {
        const note = `the fixture has no ${hook} hook`;
        if (typeof context?.skip !== "function") fail(`${note}, and this runner cannot skip at run time: pass { lacking: ["${hook}"] }`);
        context.skip(note);
      });
    });
  };
  describe(`SessionStore contract: ${name}`, () => {
    it("creates a lower-case UUID v4 whose expiry is now + ttl floored to a whole second", async () => {
      await withStore(make, async ({ store }, clock) => {
        const session = await store.create({ ttlSeconds: 600 });
        ok(UUID_V4.test(session.id), `id ${session.id} is a lower-case UUID v4`);
        equal(session.expiresAt.getTime(), Math.floor((clock.t + 6e5) / 1e3) * 1e3, "expiresAt");
        equal(await store.lookup(session.id), { state: "active", expiresAt: session.expiresAt }, "lookup");
      });
    });
    it("gives unique ids to concurrent creates, each one immediately usable", async () => {
      await withStore(make, async ({ store }) => {
        const sessions = await Promise.all(Array.from({ length: 40 }, () => store.create({ ttlSeconds: 60 })));
        equal(new Set(sessions.map((s) => s.id)).size, 40, "distinct ids");
        const states = await Promise.all(sessions.map((s) => store.lookup(s.id)));
        ok(states.every((s) => s.state === "active"), "every new session is active");
      });
    });
    it("is active up to and at expiresAt and expired one millisecond later (strict >)", async () => {
      await withStore(make, async ({ store }, clock) => {
        const { id, expiresAt } = await store.create({ ttlSeconds: 10 });
        clock.t = expiresAt.getTime() - 1;
        equal((await store.lookup(id)).state, "active", "1 ms before");
        clock.t = expiresAt.getTime();
        equal((await store.lookup(id)).state, "active", "at expiresAt");
        clock.t = expiresAt.getTime() + 1;
        equal(await store.lookup(id), { state: "expired" }, "1 ms after");
        equal((await store.lookup(id, new Date(expiresAt.getTime() - 5e3))).state, "active", "an explicit now wins over the clock");
      });
    });
    it("honours an explicit now on create", async () => {
      await withStore(make, async ({ store }, clock) => {
        const session = await store.create({ ttlSeconds: 1, now: new Date(clock.t + 1e4) });
        equal(session.expiresAt.getTime(), Math.floor((clock.t + 11e3) / 1e3) * 1e3, "expiresAt");
      });
    });
    it("deletes atomically and idempotently: true once, then false, then unknown", async () => {
      await withStore(make, async ({ store }) => {
        const { id } = await store.create({ ttlSeconds: 60 });
        equal(await store.delete(id), true, "first delete");
        equal(await store.delete(id), false, "second delete");
        equal(await store.lookup(id), { state: "unknown" }, "lookup after delete");
      });
    });
    it("returns true to at most one of many concurrent deletes, and another session survives", async () => {
      await withStore(make, async ({ store }) => {
        const [a, b] = await Promise.all([store.create({ ttlSeconds: 60 }), store.create({ ttlSeconds: 60 })]);
        const results = await Promise.all(Array.from({ length: 12 }, () => store.delete(a.id)));
        equal(results.filter(Boolean).length, 1, "deletes answering true");
        equal((await store.lookup(b.id)).state, "active", "the other session");
      });
    });
    it("deletes an expired session (it existed) and reports it", async () => {
      await withStore(make, async ({ store }, clock) => {
        const { id } = await store.create({ ttlSeconds: 1 });
        clock.t += 5e3;
        equal(await store.delete(id), true, "delete of an expired session");
        equal(await store.lookup(id), { state: "unknown" }, "lookup after delete");
      });
    });
    it("never shows a partial record: lookups racing creates and deletes see a whole record or none", async () => {
      await withStore(make, async ({ store, listRoot }) => {
        const kept = await Promise.all(Array.from({ length: 10 }, () => store.create({ ttlSeconds: 60 })));
        const doomed = await Promise.all(Array.from({ length: 30 }, () => store.create({ ttlSeconds: 60 })));
        const watch = listRoot ? watchRoot(store, listRoot, kept.map((session) => session.id)) : void 0;
        const creates = [];
        const deletes = [];
        const keptLookups = [];
        const doomedLookups = [];
        for (const [i, session] of doomed.entries()) {
          deletes.push(Promise.all([store.delete(session.id), store.delete(session.id)]));
          doomedLookups.push(store.lookup(session.id));
          keptLookups.push(store.lookup(kept[i % kept.length].id));
          for (let j = 0; j < 3; j++) creates.push(store.create({ ttlSeconds: 60 }));
          await watch?.nextPass();
        }
        const created = await Promise.all(creates);
        const watched = await watch?.stop();
        for (const result of await Promise.all(keptLookups)) equal(result.state, "active", "a kept session during the race");
        for (const result of await Promise.all(doomedLookups)) ok(result.state === "active" || result.state === "unknown", `a deleted session during the race: state ${result.state}`);
        for (const pair of await Promise.all(deletes)) equal(pair.filter(Boolean).length, 1, "of two concurrent deletes of one id, those answering true");
        for (const { id } of [...kept, ...created]) equal((await store.lookup(id)).state, "active", `kept or created session ${id} after the race`);
        for (const { id } of doomed) equal(await store.lookup(id), { state: "unknown" }, `deleted session ${id} after the race`);
        if (watched) {
          ok(watched.seen > 0, "the watcher looked up at least one new entry of the root");
          equal(watched.partial, [], "ids listed in the root that read unknown while still listed (partial records)");
        }
      });
    });
    it("treats ids that fail SageMaker's pattern as unknown, without throwing", async () => {
      await withStore(make, async ({ store }) => {
        await store.create({ ttlSeconds: 60 });
        for (const id of BAD_IDS) {
          equal(await store.lookup(id), { state: "unknown" }, `lookup(${JSON.stringify(id)})`);
          equal(await store.delete(id), false, `delete(${JSON.stringify(id)})`);
        }
        equal(await store.lookup(void 0), { state: "unknown" }, "lookup(undefined)");
      });
    });
    it("answers unknown for a well-formed id it never issued", async () => {
      await withStore(make, async ({ store }) => {
        equal(await store.lookup("0b5cdb4e-7c1b-4a53-9d5b-3f3c8d1e2a10"), { state: "unknown" }, "a UUID");
        equal(await store.lookup("Some-Session-1"), { state: "unknown" }, "another valid id");
        equal(await store.delete("Some-Session-1"), false, "delete");
      });
    });
    it("sweeps expired sessions only and reports how many", async () => {
      await withStore(make, async ({ store }, clock) => {
        const short = await store.create({ ttlSeconds: 1 });
        const long = await store.create({ ttlSeconds: 100 });
        clock.t += 3e3;
        equal(await store.sweep(), 1, "first sweep");
        equal(await store.lookup(short.id), { state: "unknown" }, "the expired session");
        equal((await store.lookup(long.id)).state, "active", "the live session");
        equal(await store.sweep(), 0, "second sweep");
      });
    });
    needing("corrupt", "treats corrupt records as unknown, never throwing, and keeps working", async (skip) => {
      await withStore(make, async ({ store, corrupt }) => {
        if (!corrupt) return skip();
        let checks = 0;
        for (const how of ["empty", "truncated", "garbage", "missing", "not-a-directory"]) {
          const { id } = await store.create({ ttlSeconds: 60 });
          await corrupt(id, how);
          equal(await store.lookup(id), { state: "unknown" }, `lookup of a ${how} record`);
          equal(typeof await store.sweep(), "number", `sweep after a ${how} record`);
          checks += 2;
        }
        const fresh = await store.create({ ttlSeconds: 60 });
        equal((await store.lookup(fresh.id)).state, "active", "a fresh session");
        equal(checks + 1, 5 * 2 + 1, "checks made");
      });
    });
    needing("plantOutside", "never lets an id reach a path outside its root", async (skip) => {
      await withStore(make, async ({ store, plantOutside }) => {
        if (!plantOutside) return skip();
        let checks = 0;
        const victim = await plantOutside();
        for (const id of [victim.relative, `./${victim.relative}`, victim.relative.replaceAll("/", "\\")]) {
          equal(await store.lookup(id), { state: "unknown" }, `lookup(${id})`);
          equal(await store.delete(id), false, `delete(${id})`);
          checks += 2;
        }
        await store.sweep();
        ok(await victim.intact(), "the record outside the root is intact");
        equal(checks + 1, 3 * 2 + 1, "checks made");
      });
    });
    if (options.sessionData === false) return;
    it("data: get is undefined until put; put then get round-trips any JSON value", async () => {
      await withStore(make, async ({ store }) => {
        const kv = data(store);
        const { id } = await store.create({ ttlSeconds: 60 });
        equal(await kv.getValue(id, "history"), void 0, "never put");
        const values = [null, false, true, 0, -1.5, "", "text \u2713 \u{1F642}", [], {}, [1, "two", null], { a: { b: [1, { c: "d" }] }, e: null }];
        for (const [i, value] of values.entries()) {
          await kv.putValue(id, `k${i}`, value);
          equal(await kv.getValue(id, `k${i}`), value, `value ${i}`);
        }
      });
    });
    it("data: values are copies on the way in and on the way out", async () => {
      await withStore(make, async ({ store }) => {
        const kv = data(store);
        const { id } = await store.create({ ttlSeconds: 60 });
        const value = { turns: ["a"], nested: { n: 1 } };
        await kv.putValue(id, "state", value);
        value.turns.push("mutated");
        value.nested.n = 2;
        const read = await kv.getValue(id, "state");
        equal(read, { turns: ["a"], nested: { n: 1 } }, "after mutating the input");
        read.turns.push("mutated too");
        equal(await kv.getValue(id, "state"), { turns: ["a"], nested: { n: 1 } }, "after mutating the output");
      });
    });
    it("data: put replaces; deleteValue is true once, then false, then get is undefined", async () => {
      await withStore(make, async ({ store }) => {
        const kv = data(store);
        const { id } = await store.create({ ttlSeconds: 60 });
        await kv.putValue(id, "k", 1);
        await kv.putValue(id, "k", { now: 2 });
        equal(await kv.getValue(id, "k"), { now: 2 }, "after replace");
        equal(await kv.deleteValue(id, "k"), true, "first deleteValue");
        equal(await kv.deleteValue(id, "k"), false, "second deleteValue");
        equal(await kv.getValue(id, "k"), void 0, "after deleteValue");
        equal((await store.lookup(id)).state, "active", "the session itself");
      });
    });
    it("data: keys are opaque: no two collide, none disturbs the record or another session, none leaves the store", async () => {
      await withStore(make, async ({ store, plantOutside }) => {
        const kv = data(store);
        const victim = plantOutside ? await plantOutside() : void 0;
        const session = await store.create({ ttlSeconds: 60 });
        const other = await store.create({ ttlSeconds: 60 });
        for (const [i, key] of TRICKY_KEYS.entries()) await kv.putValue(session.id, key, { i, key });
        for (const [i, key] of TRICKY_KEYS.entries()) equal(await kv.getValue(session.id, key), { i, key }, `key ${JSON.stringify(key).slice(0, 40)}`);
        equal(await store.lookup(session.id), { state: "active", expiresAt: session.expiresAt }, "the session's record");
        for (const key of TRICKY_KEYS) equal(await kv.getValue(other.id, key), void 0, "the other session's data");
        if (victim) {
          await kv.putValue(session.id, victim.relative, "overwritten?");
          ok(await victim.intact(), "nothing outside the store was touched");
        }
      });
    });
    it("data: rejects an empty key, one over 256 characters and one that is not well-formed Unicode", async () => {
      await withStore(make, async ({ store }) => {
        const kv = data(store);
        const { id } = await store.create({ ttlSeconds: 60 });
        for (const key of ["", "x".repeat(257), "\u{1F642}".repeat(257), "a\uD800b"]) {
          await rejects(kv.putValue(id, key, 1), `putValue with key of length ${key.length}`);
          await rejects(kv.getValue(id, key), `getValue with key of length ${key.length}`);
          await rejects(kv.deleteValue(id, key), `deleteValue with key of length ${key.length}`);
        }
      });
    });
    it("data: every method rejects with SessionNotFoundError for unknown, bad, closed and expired sessions", async () => {
      await withStore(make, async ({ store }, clock) => {
        const kv = data(store);
        const closed = await store.create({ ttlSeconds: 60 });
        await kv.putValue(closed.id, "k", 1);
        equal(await store.delete(closed.id), true, "close");
        const expiring = await store.create({ ttlSeconds: 1 });
        await kv.putValue(expiring.id, "k", 1);
        clock.t = expiring.expiresAt.getTime() + 1;
        const cases = [
          ["unknown", "0b5cdb4e-7c1b-4a53-9d5b-3f3c8d1e2a10"],
          ["bad", "../x"],
          ["closed", closed.id],
          ["expired", expiring.id]
        ];
        for (const [what, id] of cases) {
          await notFound(kv.getValue(id, "k"), `getValue on a ${what} session`);
          await notFound(kv.putValue(id, "k", 2), `putValue on a ${what} session`);
          await notFound(kv.deleteValue(id, "k"), `deleteValue on a ${what} session`);
        }
        equal(await store.lookup(closed.id), { state: "unknown" }, "a put after close did not bring the session back");
        await notFound(kv.getValue(expiring.id, "k", new Date(expiring.expiresAt.getTime() + 1)), "explicit now past expiry");
        equal(await kv.getValue(expiring.id, "k", new Date(expiring.expiresAt.getTime())), 1, "explicit now at expiry");
      });
    });
    it("data: dies with its session on delete and on sweep", async () => {
      await withStore(make, async ({ store, residue }, clock) => {
        const kv = data(store);
        const closed = await store.create({ ttlSeconds: 60 });
        const swept = await store.create({ ttlSeconds: 1 });
        for (const { id } of [closed, swept]) {
          await kv.putValue(id, "a", "x".repeat(1e3));
          await kv.putValue(id, "../b", [1, 2, 3]);
        }
        equal(await store.delete(closed.id), true, "close");
        clock.t = swept.expiresAt.getTime() + 1;
        equal(await store.sweep(), 1, "sweep");
        for (const { id } of [closed, swept]) {
          await notFound(kv.getValue(id, "a"), "getValue after the session ended");
          if (residue) equal(await residue(id), false, "anything of the session left in storage");
        }
      });
    });
    it("data: concurrent puts to one key from two writers end with one whole value; readers never see a part", async () => {
      await withStore(make, async ({ store, peer }) => {
        const other = peer ? await peer() : store;
        const kv = [data(store), data(other)];
        const { id } = await store.create({ ttlSeconds: 60 });
        const big = (writer, round) => ({ writer, round, fill: String.fromCharCode(97 + (writer * 7 + round) % 26).repeat(2e5) });
        const whole = (value, what) => {
          if (value === void 0) return;
          const v = value;
          equal(v.fill, big(v.writer, v.round).fill, `${what}: the value of writer ${v.writer} round ${v.round} is whole`);
        };
        const reads = [];
        const writes = [];
        for (let round = 0; round < 8; round++) {
          for (const writer of [0, 1]) writes.push(kv[writer].putValue(id, "shared", big(writer, round)));
          reads.push(kv[round % 2].getValue(id, "shared"));
        }
        await Promise.all(writes);
        for (const value of await Promise.all(reads)) whole(value, "a read during the writes");
        const final = [await kv[0].getValue(id, "shared"), await kv[1].getValue(id, "shared")];
        ok(final[0] !== void 0, "a value is there");
        whole(final[0], "the final value");
        equal(final[1], final[0], "both writers read the same final value");
      });
    });
    it("data: a put racing a delete never brings the session back", async () => {
      await withStore(make, async ({ store, peer, residue }) => {
        const other = peer ? await peer() : store;
        const kv = data(other);
        for (let round = 0; round < 10; round++) {
          const { id } = await store.create({ ttlSeconds: 60 });
          await kv.putValue(id, "k", round);
          const results = await Promise.allSettled([kv.putValue(id, "k", "a"), store.delete(id), kv.putValue(id, "other", "b"), kv.putValue(id, "k", "c")]);
          for (const result of results) {
            if (result.status === "rejected") equal(errorName(result.reason), "SessionNotFoundError", "a losing put's rejection");
          }
          equal(await store.lookup(id), { state: "unknown" }, `round ${round}: the session after the race`);
          await notFound(kv.getValue(id, "k"), `round ${round}: getValue after the race`);
          if (residue) equal(await residue(id), false, `round ${round}: anything left in storage`);
        }
      });
    });
  });
}
export {
  BAD_IDS,
  ContractFailure,
  TRICKY_KEYS,
  testSessionStore
};
