import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, startCommand } from "./_support/servers.ts";
import type { ServerProcess } from "./_support/servers.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/refetch-server.ts", import.meta.url));
const COMMANDS: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx", FIXTURE],
  bun: [`${ROOT}node_modules/.bin/bun`, FIXTURE],
  deno: [`${ROOT}node_modules/.bin/deno`, "run", "-A", FIXTURE],
};
const IN_CI = process.env.CI === "true";
const present = (runtime: string) => existsSync(COMMANDS[runtime]![0]!);

const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
});

/** On every runtime whose serve() hands stand-in copies to the handlers behind the wrappers. */
describe.each(Object.keys(COMMANDS))("%s serve(): the copy a wrapper hands on, sent on with fetch(request)", (runtime) => {
  it.skipIf(!present(runtime) && !IN_CI)("goes out as a native Request would, with the injected body", { timeout: 120_000 }, async () => {
    const server = await startCommand(COMMANDS[runtime]!, {}, 90_000);
    servers.push(server);
    const response = await fetch(`${server.url}/invocations`, {
      method: "POST",
      body: '{"prompt":"hi"}',
      headers: { "content-type": "application/json", "x-request-id": "r1", "x-amzn-sagemaker-adapter-identifier": "lora-a" },
      signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      standIn: true,
      forwarded: { standIn: true, body: '{"prompt":"hi","model":"lora-a"}' },
      fetchKeysKept: true,
    });
  });
});
