/**
 * A `SessionStore` over Redis for sessions shared beyond one machine: pass a connected `redis`
 * (node-redis) or `ioredis` client. Neither is a dependency of this package (optional peers).
 * @module
 */
export { createRedisSessionStore } from "./stores/redis-store.ts";
export type { RedisClientLike, RedisSessionStoreOptions } from "./stores/redis-store.ts";
