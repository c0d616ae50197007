import { connect } from "node:net";

export type Step = string | Uint8Array | { pauseMs: number };

export interface Exchange {
  /** Everything the server sent, as latin1 text. */
  data: string;
  /** The server closed (or reset) the connection before we gave up. */
  closedByServer: boolean;
  /** Status codes of every response head in `data`, in order. */
  statuses: number[];
  elapsedMs: number;
  /** Steps not written because the server had already closed the connection. */
  unsent: number;
}

export interface ExchangeOptions {
  /** Stop waiting this long after the last byte either way (keep-alive connections never close). */
  quietMs?: number;
  /** Hard bound on the whole exchange. */
  timeoutMs?: number;
  /** Stop as soon as what arrived satisfies this (a pipelined answer that may come late on a busy machine). */
  until?: (data: string) => boolean;
}

/** Writes raw bytes to 127.0.0.1:port step by step and collects the answer; never rejects. */
export function exchange(port: number, steps: Step[], options: ExchangeOptions = {}): Promise<Exchange> {
  const quietMs = options.quietMs ?? 400;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let data = "";
    let closed = false;
    let finished = false;
    let writing = true;
    let unsent = 0;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(quiet);
      clearTimeout(hard);
      socket.destroy();
      const statuses = [...data.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ data, closedByServer: closed, statuses, elapsedMs: performance.now() - started, unsent });
    };
    const armQuiet = () => {
      clearTimeout(quiet);
      if (!writing) quiet = setTimeout(finish, quietMs);
    };
    const hard = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (options.until?.(data)) finish();
      else armQuiet();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = !finished;
      finish();
    });
    socket.once("connect", async () => {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (socket.destroyed || finished) {
          unsent = steps.length - i;
          break;
        }
        if (typeof step === "object" && "pauseMs" in step) await new Promise((r) => setTimeout(r, step.pauseMs));
        else await new Promise<void>((r) => socket.write(typeof step === "string" ? Buffer.from(step, "latin1") : step, () => r()));
      }
      writing = false;
      armQuiet();
    });
  });
}

/** One byte per step with a pause between: a slow (slowloris-style) client. */
export function byteByByte(text: string, pauseMs: number): Step[] {
  return [...text].flatMap((ch) => [ch, { pauseMs }]);
}
