import { spawn } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { httpClient, withTimeout } from "./_client.ts";
import { ROOT, freePort } from "./_transports.ts";

let stop: (() => void) | undefined;
afterAll(() => stop?.());

it("`deno serve` serves a module whose default export is a createSageMakerHandler result", async () => {
  const port = await freePort();
  const child = spawn(`${ROOT}node_modules/.bin/deno`, ["serve", "-A", "--unstable-no-legacy-abort", "--host", "127.0.0.1", "--port", String(port), `${ROOT}test/conformance/fixture/deno-serve.ts`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SAGEMAKER_MODEL_PATH: "/nonexistent", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stop = () => child.kill("SIGKILL");
  let output = "";
  const listening = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
  await withTimeout(listening, 90_000, "deno serve to listen");
  const client = httpClient(`http://127.0.0.1:${port}`);
  expect(await client.send({ method: "GET", path: "/ping" })).toEqual({
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "healthy", via: "deno serve" }),
  });
  expect((await client.send({ method: "POST", path: "/invocations", body: "hi" })).body).toBe(JSON.stringify({ echo: "hi" }));
  expect((await client.send({ method: "GET", path: "/invocations" })).status).toBe(405);
}, 120_000);
