import { E as Env, L as Logger, m as SessionStore } from './logging-CU3AZ6qx.js';

interface FileSessionStoreOptions {
    /** The root directory; default `SAGEMAKER_SESSIONS_PATH`, else `/dev/shm/sagemaker_sessions` when writable, else `<tmpdir>/sagemaker_sessions`. */
    path?: string;
    /** Where `SAGEMAKER_SESSIONS_PATH` is read (default: the process environment, read on first use). */
    env?: Env;
    /** The clock, in epoch milliseconds (default `Date.now`). */
    now?: () => number;
    /** How often expired sessions are removed in the background (default 60 s; 0 turns the timer off). */
    sweepIntervalMs?: number;
    logger?: Logger;
}

/** Options every runtime's `serve()` takes. */
interface ServeOptions {
    /** Default: `SAGEMAKER_BIND_TO_PORT`, else `PORT`, else 8080. `0` picks a free port. */
    port?: number;
    /** Default `0.0.0.0`. */
    hostname?: string;
    /** How long SIGTERM/SIGINT waits for in-flight requests before exiting, in ms. Default 25,000. */
    drainTimeoutMs?: number;
    /** Install SIGTERM/SIGINT handlers that drain and exit 0. Default true. */
    handleSignals?: boolean;
    /** On a failed `ready()`, print the error and exit 1 (default true); false rejects instead. */
    exitOnStartupError?: boolean;
    /** Print the listening address once. Default true. */
    announce?: boolean;
}
/** What `serve()` resolves to on every runtime. */
interface RunningServer {
    readonly port: number;
    readonly hostname: string;
    readonly url: string;
    /** Stops accepting, waits for in-flight requests (up to the drain timeout), closes the handler. */
    close(): Promise<void>;
}

/**
 * Sessions as directories shared by every process using the same root (see `src/sessions/file-store.ts`):
 * `<root>/<id>/.expiration_ts` plus one file per data key, atomic create, delete and replace.
 */
declare function createFileSessionStore(options?: FileSessionStoreOptions): SessionStore;

export { type FileSessionStoreOptions as F, type RunningServer as R, type ServeOptions as S, createFileSessionStore as c };
