import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const SOAK_SERVER = fileURLToPath(new URL("../fixtures/soak-server.ts", import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Everything the process printed, stdout and stderr. */
  readonly output: string[];
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `script` under Node with tsx and waits (bounded) for its `{"port":N}` line. */
export function startServer(env: Record<string, string>, script = SOAK_SERVER, timeoutMs = 60_000): Promise<ServerProcess> {
  return startCommand([process.execPath, "--import", "tsx", script], env, timeoutMs);
}

/** Runs `command` from the repository root and waits (bounded) for its `{"port":N}` line. */
export function startCommand(command: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const [file, ...args] = command;
  const child = spawn(file!, args, {
    cwd: ROOT,
    env: { ...process.env, SAGEMAKER_CONTAINER_LOG_LEVEL: "WARNING", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output.join("")}`));
    }, timeoutMs);
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const match = /\{"port":(\d+)[,}]/.exec(text);
      if (match) {
        clearTimeout(timer);
        const port = Number(match[1]);
        resolve({
          child,
          port,
          url: `http://127.0.0.1:${port}`,
          output,
          exited,
          async stop(signal = "SIGTERM") {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            const bound = setTimeout(() => child.kill("SIGKILL"), 30_000);
            const code = await exited;
            clearTimeout(bound);
            return code;
          },
        });
      }
    };
    child.stdout!.on("data", onLine);
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output.join("")}`));
    });
  });
}
