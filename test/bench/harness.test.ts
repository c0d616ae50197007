// Smoke test of the benchmark harness in quick mode: statuses and table shape only, never timing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runBench } from "../../bench/run.ts";
import { COLUMNS, renderTable, type Row } from "../../bench/lib/table.ts";
import { suiteOptions } from "../../bench/suites/options.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const options = suiteOptions(true, { BENCH_RUNTIMES: "node" }, () => undefined);

function measured(rows: Row[]): Row[] {
  return rows.filter((row) => !/has not landed|not built|not found/.test(row.note ?? ""));
}

function expectValid(rows: Row[]): void {
  for (const row of measured(rows)) {
    expect(row.note ?? "", `${row.area} ${row.case}`).not.toMatch(/invalid run|failed/);
    expect(Number.isFinite(row.ratio), `${row.area} ${row.case}: ratio ${row.ratio}`).toBe(true);
    if (row.ratioAs === "percent") expect(row.ratio).toBeGreaterThan(0);
    if (row.target !== "") expect(typeof row.met).toBe("boolean");
  }
}

beforeAll(() => {
  // The servers import the built package, as users do; `npm test` builds first.
  if (!existsSync(`${root}dist/runtimes/node.js`)) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
}, 120_000);

describe("bench harness (quick mode)", () => {
  it("renders one Markdown table with a header, an alignment line and one line per row", () => {
    const rows: Row[] = [
      { area: "A", case: "x | y", ours: "1", baseline: "2", ratio: 0.5, ratioAs: "percent", target: ">= 90%", met: false },
      { area: "B", case: "z", ours: "3", baseline: "1", ratio: 3, ratioAs: "multiple", target: "" },
    ];
    const lines = renderTable(rows).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`| ${COLUMNS.join(" | ")} |`);
    expect(lines[2]).toContain("x \\| y");
    expect(lines[2]).toContain("| 50% |");
    expect(lines[2]).toContain("**no**");
    expect(lines[3]).toContain("| 3.00x |");
  });

  it("measures in process: every case answers 200 on both sides or says why it cannot run", async () => {
    const { rows } = await runBench(options, ["in-process"]);
    expect(rows.map((row) => row.case)).toEqual(["GET /ping", "POST /invocations 1 KB", "POST /invocations 1 KB, sessions + adapter id", "POST /adapters"]);
    expect(measured(rows).length).toBeGreaterThanOrEqual(1);
    expectValid(rows);
  }, 120_000);

  it("measures the hosting modes: model invoke against /invocations, splitRecords against a loop", async () => {
    const { rows } = await runBench(options, ["modes"]);
    expect(rows.map((row) => row.case)).toEqual(["POST /models/{name}/invoke 1 KB", "splitRecords, 100 JSON Lines records"]);
    expect(measured(rows)).toHaveLength(2);
    expectValid(rows);
  }, 120_000);

  it("drives our Node server and bare node:http with every response a 200", async () => {
    const { rows } = await runBench(options, ["http"]);
    const cases = rows.filter((row) => row.area === "HTTP node").map((row) => row.case);
    expect(cases.slice(0, 4)).toEqual(["GET /ping", "POST /invocations 1 KB", "POST /invocations 100 KB", "POST /invocations 6 MB"]);
    expect(measured(rows)).toHaveLength(rows.length);
    expectValid(rows);
  }, 180_000);

  it("drives the Node listeners without a socket, each answering the exact echo first", async () => {
    const { rows } = await runBench(options, ["node-listener"]);
    expect(rows.map((row) => row.case)).toEqual([
      "GET /ping",
      "GET /ping: peer: Hono on @hono/node-server",
      "GET /ping: peer: srvx (FastResponse)",
      "POST /invocations 1 KB",
      "POST /invocations 1 KB: peer: Hono on @hono/node-server",
      "POST /invocations 1 KB: peer: srvx (FastResponse)",
    ]);
    expect(measured(rows)).toHaveLength(rows.length);
    expectValid(rows);
  }, 120_000);

  it("streams through both Node servers, starts them, and writes the whole report", async () => {
    const { rows, markdown } = await runBench(options, ["streaming", "startup", "sessions"]);
    expect(rows.filter((row) => row.area === "Streaming node")).toHaveLength(3);
    expect(rows.filter((row) => row.area === "Start-up node")).toHaveLength(1);
    expectValid(rows);
    expect(markdown).toMatch(/^- CPU: .+, \d+ cores$/m);
    expect(markdown).toMatch(/^- Node v\d+/m);
    expect(markdown).toContain(`| ${COLUMNS.join(" | ")} |`);
    const tableLines = markdown.split("\n").filter((line) => line.startsWith("|"));
    expect(tableLines).toHaveLength(rows.length + 2);
  }, 180_000);
});
