// vLLM's tests/entrypoints/sagemaker/test_sagemaker_stateful_sessions.py, reproduced over HTTP: in process
// and over a real Node socket. vLLM renders library errors as {"error":{"message":...}}, hence errorFormatter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlerOn } from "../../src/handler.ts";
import { statefulSessionManager } from "../../src/sessions/manager.ts";
import type { SageMakerHandler } from "../../src/types.ts";
import { serve } from "../../runtimes/node/serve.ts";
import type { RunningServer } from "../../runtimes/server/listen.ts";
import { CLOSED_H, H, NEW_H } from "./_harness.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function vllmLikeHandler(): SageMakerHandler {
  return createHandlerOn(
    {
      invocations: statefulSessionManager()(async (request) => {
        const body = (await request.json()) as { prompt?: string };
        return { choices: [{ text: `echo: ${body.prompt ?? ""}` }] };
      }),
      env: { SAGEMAKER_ENABLE_STATEFUL_SESSIONS: "True" },
      logger: quiet,
      errorFormatter: (error) => Response.json({ error: { message: String(error.detail), code: error.status } }, { status: error.status }),
    },
    undefined,
  );
}

type Post = (body: unknown, headers?: Record<string, string>) => Promise<Response>;

function vllmSuite(name: string, setup: () => Promise<{ post: Post; teardown: () => Promise<void> }>): void {
  describe(`vLLM stateful-session tests (${name})`, () => {
    let post: Post;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ post, teardown } = await setup());
    });
    afterAll(async () => teardown());

    it("create session with an extra field is 400", async () => {
      const response = await post({ requestType: "NEW_SESSION", extra: "x" });
      expect(response.status).toBe(400);
    });

    it("close of an unknown session is 400 with 'session not found'", async () => {
      const response = await post({ requestType: "CLOSE" }, { [H]: "nonexistent-session-id" });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("session not found");
    });

    it("close without the session header is 424 with 'invalid session_id'", async () => {
      const response = await post({ requestType: "CLOSE" });
      expect(response.status).toBe(424);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("invalid session_id");
    });

    it("happy path: create, invoke with the id, close", async () => {
      const created = await post({ requestType: "NEW_SESSION" });
      expect(created.status).toBe(200);
      const id = created.headers.get(NEW_H)!.split(";")[0]!.trim();
      expect(id.length).toBe(36);
      const invoked = await post({ prompt: "Hello" }, { [H]: id });
      expect(invoked.status).toBe(200);
      expect(await invoked.json()).toEqual({ choices: [{ text: "echo: Hello" }] });
      const closed = await post({ requestType: "CLOSE" }, { [H]: id });
      expect(closed.status).toBe(200);
      expect(closed.headers.get(CLOSED_H)).toBe(id);
    });
  });
}

vllmSuite("in process", async () => {
  const handler = vllmLikeHandler();
  await handler.ready();
  return {
    post: (body, headers = {}) =>
      handler.fetch(new Request("http://localhost/invocations", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } })),
    teardown: () => handler.close(),
  };
});

vllmSuite("Node socket", async () => {
  const server: RunningServer = await serve(vllmLikeHandler(), { port: 0, hostname: "127.0.0.1", handleSignals: false, announce: false });
  return {
    post: (body, headers = {}) =>
      fetch(`http://127.0.0.1:${server.port}/invocations`, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json", ...headers },
        signal: AbortSignal.timeout(20_000),
      }),
    teardown: () => server.close(),
  };
});
