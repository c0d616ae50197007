import type { SetupContext } from "../wrapped-handler.ts";
import { createMemorySessionStore } from "./memory-store.ts";
import type { SessionStore } from "./store.ts";

/**
 * The store a handler gets when `config.sessions.store` is not given: the platform's (the file store
 * wherever there is a file system, whichever entry made the handler), else memory. Memory is announced
 * once, at `ready()`: sessions then live in this isolate alone, which SageMaker's routing cannot know.
 * Creating a store does no I/O (the file store is lazy).
 */
export function defaultStore(setup: SetupContext): SessionStore {
  const store = setup.platform.createSessionStore?.({ env: setup.env, logger: setup.logger });
  if (store) return store;
  setup.logger.warn(
    "Stateful sessions use an in-memory store: each isolate (or process) has its own sessions, unknown to the others. " +
      "Pass config.sessions.store (e.g. createRedisSessionStore from model-hosting-container-standards/redis) to share them.",
  );
  return createMemorySessionStore();
}
