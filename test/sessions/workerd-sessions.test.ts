import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/sessions-worker.ts", import.meta.url));

describe("sessions in workerd (miniflare)", () => {
  it("both entries default to the isolate's memory store, keep session data there, and say so once at ready()", async () => {
    const { build } = await import("esbuild");
    const { Miniflare } = await import("miniflare");
    const bundle = await build({ entryPoints: [FIXTURE], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
    const mf = new Miniflare({
      modules: [{ type: "ESModule", path: FIXTURE.replace(/\.ts$/, ".mjs"), contents: bundle.outputFiles[0]!.text }],
      compatibilityDate: "2024-09-23",
      compatibilityFlags: ["nodejs_compat"], // even with node:fs around, workerd's is no shared store
      host: "127.0.0.1",
      port: await freePort(),
    });
    try {
      const origin = (await mf.ready).origin;
      for (const entry of ["workers", "core"]) {
        const post = (body: unknown, id?: string) =>
          fetch(`${origin}/invocations`, { method: "POST", headers: { "x-entry": entry, ...(id ? { "X-Amzn-SageMaker-Session-Id": id } : {}) }, body: JSON.stringify(body) });
        const created = await post({ requestType: "NEW_SESSION" });
        expect(created.status, `${entry}: ${created.status === 200 ? "" : await (await fetch(`${origin}/logs`)).text()}`).toBe(200);
        const id = created.headers.get("X-Amzn-SageMaker-New-Session-Id")!.split(";")[0]!;
        expect(await (await post({ prompt: "a" }, id)).json()).toEqual({ turns: ["a"] });
        expect(await (await post({ prompt: "b" }, id)).json()).toEqual({ turns: ["a", "b"] });
        expect((await post({ requestType: "CLOSE" }, id)).status).toBe(200);
        expect((await post({ prompt: "c" }, id)).status).toBe(400);
      }
      const logs = (await (await fetch(`${origin}/logs`)).json()) as Record<string, string[]>;
      for (const entry of ["workers", "core"]) {
        expect(logs[entry]!.filter((line) => line.includes("in-memory store")), entry).toHaveLength(1);
      }
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});
