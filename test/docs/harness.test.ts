import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareOutput } from "./_compare.ts";
import { extractBlocks, shellCommands, shellWords, splitComment } from "./_extract.ts";
import { SectionRun } from "./_runner.ts";

const scratch = mkdtempSync(join(tmpdir(), "mhcs-harness-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("docs harness", () => {
  it("attaches expected output to the curl block before it and reads markers", () => {
    const doc = [
      "## A",
      "<!-- file: s.ts -->",
      "```ts",
      "x",
      "```",
      "```bash",
      "curl http://localhost:8080/ping",
      "```",
      "**Expected Output:**",
      "```json",
      '{"a": 1}',
      "```",
    ].join("\n");
    const blocks = extractBlocks(doc);
    expect(blocks.map((b) => [b.lang, b.marker?.type, b.expected?.text])).toEqual([
      ["ts", "file", undefined],
      ["bash", undefined, '{"a": 1}\n'],
    ]);
  });

  it("names a block from prose like **Code** (`basic.ts`): and reads trailing # comments", () => {
    const [block] = extractBlocks("## A\n**Code** (`basic.ts`):\n```ts\nx\n```\n");
    expect(block?.marker).toEqual({ type: "file", value: "basic.ts" });
    expect(splitComment(`curl -d '{"a":"#x"}' u   # {"ok":1}`)).toEqual({ command: `curl -d '{"a":"#x"}' u`, comment: '{"ok":1}' });
    expect(shellCommands("npm ci && npm start\n")).toEqual(["npm ci", "npm start"]);
  });

  it("splits shell words like a shell", () => {
    expect(shellCommands("# c\ncurl -X POST \\\n  -d '{\"a\": \"b c\"}' x\n")).toEqual([`curl -X POST    -d '{"a": "b c"}' x`]);
    expect(shellWords(`curl -H "A: b" -d '{"k":1}' u`)).toEqual(["curl", "-H", "A: b", "-d", '{"k":1}', "u"]);
  });

  it("compares JSON, text and HTTP heads with <...> wildcards", () => {
    expect(compareOutput('{"id":"x1","n":2}', '{"id": "<...>", "n": 2}')).toBeUndefined();
    expect(compareOutput('{"n":3}', '{"n": 2}')).toBe("$.n is 3, not 2");
    expect(compareOutput('{"n":2,"m":1}', '{"n": 2}')).toBe("$.m is not in the document");
    expect(compareOutput("data: 1\n\ndata: [DONE]", "data: <...>\n\ndata: [DONE]")).toBeUndefined();
    expect(compareOutput("HTTP/1.1 200 OK\nx-a: 1; b\n\nhi", "HTTP/1.1 200 OK\nX-A: 1; <...>\n\nhi")).toBeUndefined();
    expect(compareOutput("HTTP/1.1 400 Bad Request\n\nhi", "HTTP/1.1 200 OK\n\nhi")).toBe("status 400 instead of 200");
  });

  it("fails a document whose printed output drifted from what the example prints", async () => {
    const doc = [
      "## Drift",
      "<!-- file: server.ts -->",
      "```ts",
      'import { createSageMakerHandler, serve } from "model-hosting-container-standards/node";',
      'await serve(createSageMakerHandler({ invocations: () => ({ answer: 42 }) }));',
      "```",
      "```bash",
      "npx tsx server.ts",
      "curl -X POST http://localhost:8080/invocations -d '{}'",
      "```",
      "```json",
      '{"answer": 41}',
      "```",
    ].join("\n");
    const run = new SectionRun(join(scratch, "drift"), "drift.md");
    try {
      const [file, exchange] = extractBlocks(doc);
      await run.run(file!);
      await expect(run.run(exchange!)).rejects.toThrow("$.answer is 42, not 41");
    } finally {
      await run.close();
    }
  }, 120_000);
});
