/**
 * examples/sessions.ts reproduces Quick Start use case 3 of the seed runbook (`session_server.py`),
 * started as the runbook says (`SAGEMAKER_ENABLE_STATEFUL_SESSIONS=true npx tsx examples/sessions.ts`)
 * and sent the runbook's three curls. The runbook's "Expected Output `{}`" for create and close is
 * wrong (ref-sessions W19); the reference, and this library, answer `Session <id> created|closed`.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startExample } from "../support/example-process.ts";
import { BOTOCORE_NEW_SESSION, CLOSED_H, H, NEW_H } from "../sessions/_harness.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("examples/sessions.ts (Quick Start use case 3)", () => {
  it("create, use, close with the runbook's requests; Expires honours SAGEMAKER_SESSIONS_EXPIRATION=1800", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "mhcs-example-sessions-"));
    dirs.push(dir);
    const server = await startExample("sessions.ts", {
      SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "true",
      SAGEMAKER_SESSIONS_EXPIRATION: "1800",
      SAGEMAKER_SESSIONS_PATH: dir,
    });
    try {
      const post = (body: unknown, id?: string) =>
        fetch(`http://127.0.0.1:${server.port}/invocations`, {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", ...(id ? { [H]: id } : {}) },
          signal: AbortSignal.timeout(20_000),
        });
      expect(await (await post({ prompt: "Hello" })).json()).toEqual({ predictions: ["Processed: Hello"] });

      const before = Date.now();
      const created = await post({ requestType: "NEW_SESSION" });
      expect(created.status).toBe(200);
      const header = created.headers.get(NEW_H)!;
      expect(header).toMatch(BOTOCORE_NEW_SESSION);
      const id = header.split(";")[0]!;
      expect(await created.text()).toBe(`Session ${id} created`);
      const expires = Date.parse(header.split("Expires=")[1]!);
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 1_800_000);
      expect(await readdir(dir)).toEqual([id]);

      const used = await post({ prompt: "Hello in session" }, id);
      expect(await used.json()).toEqual({ predictions: [`[Session ${id}] Processed: Hello in session`] });

      const closed = await post({ requestType: "CLOSE" }, id);
      expect([closed.status, closed.headers.get(CLOSED_H), await closed.text()]).toEqual([200, id, `Session ${id} closed`]);
      const after = await post({ prompt: "late" }, id);
      expect([after.status, await after.json()]).toEqual([400, { detail: `Bad request: session not found: ${id}` }]);
    } finally {
      await server.stop();
    }
  });

  it("with sessions off (the default), a session request is 400 not enabled", { timeout: 120_000 }, async () => {
    const server = await startExample("sessions.ts", { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "" });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/invocations`, {
        method: "POST",
        body: JSON.stringify({ requestType: "NEW_SESSION" }),
        signal: AbortSignal.timeout(20_000),
      });
      expect([response.status, await response.json()]).toEqual([400, { detail: "Invalid payload. stateful sessions not enabled" }]);
    } finally {
      await server.stop();
    }
  });
});
