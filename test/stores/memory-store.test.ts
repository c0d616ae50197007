import { createMemorySessionStore } from "../../src/sessions/memory-store.ts";
import { testSessionStore } from "./_store-suite.ts";

testSessionStore("memory", async ({ now }) => ({ store: createMemorySessionStore({ now }), dispose: async () => {} }));
