/**
 * The `SessionStore` contract suite, for anyone writing a store (Redis, Durable Objects, SQLite):
 * `testSessionStore(name, makeStore, { runner: { describe, it } })` registers the tests with vitest,
 * `node:test`, `bun test` or any runner with `describe`/`it`. It imports no runner and no runtime module.
 * @module
 */
export { testSessionStore, BAD_IDS, TRICKY_KEYS } from "./store-contract.ts";
export type { MakeStore, SessionStoreSuiteOptions, StoreFixture, TestRunner } from "./store-contract.ts";
export { ContractFailure } from "./assert.ts";
