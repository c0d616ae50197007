import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "./_cases.ts";
import type { Case, Transport } from "./_cases.ts";
import { removeSessionsDir, startInProcess, startProcess, startWorkerd } from "./_transports.ts";
import type { Running } from "./_transports.ts";

const RUNTIME_NAME: Record<Transport, RegExp> = {
  "in-process": /^node v/,
  node20: /^node v20\./,
  node22: /^node v22\./,
  "node-listener": /^node v20\./,
  node24: /^node v24\./,
  bun: /^bun \d/,
  deno: /^deno \d/,
  workerd: /^workerd/,
};

function start(transport: Transport): Promise<Running> {
  if (transport === "in-process") return Promise.resolve(startInProcess());
  if (transport === "workerd") return startWorkerd();
  return startProcess(transport);
}

/**
 * Runs every case on one transport. Each case runs in process too, and the transport's observation
 * must equal the in-process one: same status, meaningful headers and body bytes.
 */
export function defineConformance(transport: Transport): void {
  describe(`conformance over ${transport}`, () => {
    let running: Running;
    let reference: Running;

    beforeAll(async () => {
      [running, reference] = await Promise.all([start(transport), Promise.resolve(startInProcess())]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([running?.stop(), reference?.stop()]);
      removeSessionsDir();
    }, 60_000);

    it("runs on the runtime it names", async () => {
      // Asked of the handler itself: the harness's own label could name a runtime that never ran.
      const answer = await running.client.send({ method: "POST", path: "/invocations", headers: { "x-scenario": "runtime" } });
      const seen = JSON.parse(answer.body) as { runtime: string; pid: number | null };
      expect(seen.runtime).toMatch(RUNTIME_NAME[transport]);
      if (transport === "in-process") expect(seen.pid).toBe(process.pid);
      else if (transport !== "workerd") {
        // The startup line and the handler agree, and the handler is the spawned process, not this one.
        expect(seen.runtime).toBe(running.runtime);
        expect(seen.pid).toBe(running.process!.pid);
      }
    });

    for (const testCase of CASES) defineCase(testCase);

    // Last: it ends the fixture process.
    if (transport !== "in-process" && transport !== "workerd") {
      it("SIGTERM lets an in-flight request finish, then exits 0", async () => {
        const id = `drain-${Date.now()}`;
        const headers = { "x-scenario": "slow", "x-delay-ms": "1500", "x-probe-id": id };
        const inFlight = running.client.send({ method: "POST", path: "/invocations", headers });
        const probe = { method: "POST", path: "/invocations", headers: { "x-scenario": "probe", "x-probe-id": id } };
        const deadline = Date.now() + 15_000;
        while (!JSON.parse((await running.client.send(probe)).body).started) {
          if (Date.now() > deadline) throw new Error("the slow request never started");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        running.process!.kill("SIGTERM");
        const answer = await inFlight;
        expect(answer.status).toBe(200);
        expect(answer.body).toBe(JSON.stringify({ slept: true }));
        expect(await running.exited).toBe(0);
      }, 60_000);
    }

    function defineCase(testCase: Case): void {
      const reason = testCase.unsupported?.[transport];
      const timeout = testCase.slow ? 60_000 : 30_000;
      if (reason) {
        it.skip(`${testCase.name} (unsupported on ${transport}: ${reason})`, () => undefined);
        return;
      }
      (testCase.slow ? it.concurrent : it)(testCase.name, async () => {
        if (transport === "in-process") {
          testCase.check(await testCase.run(running.client));
          return;
        }
        const [observed, inProcess] = await Promise.all([testCase.run(running.client), testCase.run(reference.client)]);
        testCase.check(inProcess);
        const difference = testCase.differs?.[transport];
        if (difference) difference.check(observed, inProcess);
        else expect(observed, `${transport} differs from in-process`).toEqual(inProcess);
      }, timeout);
    }
  });
}
