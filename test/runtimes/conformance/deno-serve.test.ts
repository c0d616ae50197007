import { spawn } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { httpClient, withTimeout } from "./_client.ts";
import { freePort } from "../../support/free-port.ts";
import { ROOT } from "./_transports.ts";

let stop: (() => void) | undefined;
afterAll(() => stop?.());

it("`deno serve` serves a module whose default export is a createSageMakerHandler result", async () => {
  const port = await freePort();
  const child = spawn(`${ROOT}node_modules/.bin/deno`, ["serve", "-A", "--host", "127.0.0.1", "--port", String(port), `${ROOT}test/runtimes/conformance/fixture/deno-serve.ts`], {
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
  // Without --unstable-no-legacy-abort Deno aborts request.signal after each response; context.signal must not.
  for (const id of ["a", "b", "c"]) expect((await client.send({ method: "POST", path: "/invocations", body: id, headers: { "x-probe-id": id } })).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(JSON.parse((await client.send({ method: "POST", path: "/invocations", body: "", headers: { "x-probe": "1" } })).body)).toEqual({ aborted: [] });
}, 120_000);
