import { m as SessionStore } from './logging-CU3AZ6qx.js';

/**
 * The one thing the store needs from a Redis client: send a command, get the reply. Both common
 * clients have it: `redis` (node-redis 4+) as `sendCommand(args)`, `ioredis` as `call(command, ...args)`.
 */
type RedisClientLike = {
    sendCommand(args: string[]): Promise<unknown>;
} | {
    call(command: string, ...args: string[]): Promise<unknown>;
};
interface RedisSessionStoreOptions {
    /** A connected client (`redis` or `ioredis`); the store never connects, quits or closes it. */
    client: RedisClientLike;
    /** Prepended to every key (default `mhcs:`), so one Redis can serve several endpoints or apps. */
    prefix?: string;
    /** The clock, in epoch milliseconds (default `Date.now`), for `active`/`expired`; Redis's own clock removes keys. */
    now?: () => number;
    /**
     * How long an expired session stays in Redis before Redis removes it (default 300 s): meanwhile it
     * answers `expired` (NEW_SESSION with an expired id is allowed, with an unknown one it is 400) and its
     * data can no longer be read or written (every data call checks the expiry against the store's clock).
     */
    expiredRecordSeconds?: number;
}
/**
 * Sessions in Redis, shared by every process and machine that uses the same server and prefix.
 * A session is `<prefix>{<id>}:s` (its expiry in epoch ms) plus `<prefix>{<id>}:d`, a hash of its data
 * (fields are the keys as given, values their JSON), both with the same Redis expiry, `expiresAt` plus
 * `expiredRecordSeconds`: Redis's own expiry removes them (no sweeper runs);
 * create is `SET NX PXAT`, and everything touching data is one Lua script, so it is atomic.
 */
declare function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore;

export { type RedisClientLike, type RedisSessionStoreOptions, createRedisSessionStore };
