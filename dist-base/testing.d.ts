import { m as SessionStore } from './logging-CU3AZ6qx.js';

/** What `make` returns for each test: a fresh, empty store and what the suite may do around it. */
interface StoreFixture {
    store: SessionStore;
    /** Damages a stored record the ways a crash or a stranger could; stores that cannot be damaged omit it. */
    corrupt?: (id: string, how: "empty" | "truncated" | "garbage" | "missing" | "not-a-directory") => Promise<void>;
    /** Plants a record outside the store's space (returns a check that it is still intact). */
    plantOutside?: () => Promise<{
        relative: string;
        intact: () => Promise<boolean>;
    }>;
    /**
     * A second store over the same storage (another instance, connection or process) for races between
     * writers; without it the races run within `store`.
     */
    peer?: () => Promise<SessionStore>;
    /**
     * The names now in the store's space (a file store's root directory), for stores that have one: the suite
     * watches it while creates and deletes race and looks up each session it lists.
     */
    listRoot?: () => Promise<string[]>;
    /** Whether anything of session `id` (record or data) is left in storage, for stores that can tell. */
    residue?: (id: string) => Promise<boolean>;
    dispose(): Promise<void>;
}
/** Receives a clock (epoch ms) the store must use when no explicit `now` is passed. */
type MakeStore = (clock: {
    now: () => number;
}) => Promise<StoreFixture>;
/** What vitest and `node:test` hand a test body: `skip` marks the running test skipped. */
interface TestContext {
    skip?: (note?: string) => void;
}
/**
 * The test functions of vitest, `node:test`, `bun test` (or Deno's BDD): only these are used. A case
 * whose fixture hook is missing is skipped through the context the runner hands the body, or registered
 * with `it.skip` when the options declare the hook `lacking`.
 */
interface TestRunner {
    describe(name: string, body: () => void): unknown;
    it: ((name: string, body: (context?: TestContext) => Promise<void>) => unknown) & {
        skip?: (name: string, body: () => Promise<void>) => unknown;
    };
}
/** Fixture hooks without which a case cannot check anything. */
type OptionalHook = "corrupt" | "plantOutside";
interface SessionStoreSuiteOptions {
    /** Default: the global `describe`/`it` (vitest with globals, bun test). Pass `node:test`'s or vitest's imports. */
    runner?: TestRunner;
    /** `false` for a store without `getValue`/`putValue`/`deleteValue` (protocol only); default `true`. */
    sessionData?: boolean;
    /**
     * Hooks this store's fixtures never supply. Their cases are registered with `it.skip`, or not at all
     * where the runner has none. Needed only where the runner hands a test body no `skip` (bun test);
     * elsewhere such cases skip themselves when they find the hook missing.
     */
    lacking?: readonly OptionalHook[];
}
/** Ids no store may treat as anything but unknown: pattern failures, traversal, reserved words. */
declare const BAD_IDS: string[];
/** Keys that naive encodings would send outside the session, onto the store's record, or onto each other. */
declare const TRICKY_KEYS: string[];
/**
 * The contract every `SessionStore` must meet (docs/sessions.md: the store interface and session data). Registers one
 * `describe` block; `make` is called once per test and must give a fresh store on a clock it is handed.
 */
declare function testSessionStore(name: string, make: MakeStore, options?: SessionStoreSuiteOptions): void;

declare class ContractFailure extends Error {
    get name(): string;
}

export { BAD_IDS, ContractFailure, type MakeStore, type SessionStoreSuiteOptions, type StoreFixture, TRICKY_KEYS, type TestRunner, testSessionStore };
