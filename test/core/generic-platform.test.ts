// A handler from the core entry has no runtime entry to give it a platform: on Node it must find the
// same things a runtime entry's handler does, through the host's own modules (no import of node:*).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSageMakerHandler } from "../../src/index.ts";
import { genericPlatform } from "../../src/platform.ts";
import { silentLogger } from "../support/harness.ts";

const modelDir = mkdtempSync(join(tmpdir(), "mhcs-generic-platform-"));
mkdirSync(join(modelDir, "node_modules", "greeter"), { recursive: true });
writeFileSync(join(modelDir, "node_modules", "greeter", "package.json"), JSON.stringify({ name: "greeter", type: "module", main: "index.js" }));
writeFileSync(join(modelDir, "node_modules", "greeter", "index.js"), 'export const hello = () => ({ from: "greeter in the model directory" });\n');
afterAll(() => rmSync(modelDir, { recursive: true, force: true }));

describe("the core entry's platform on Node", () => {
  it("tells a file from a directory, a device and nothing", async () => {
    const { fileKind } = genericPlatform();
    expect(fileKind).toBeTypeOf("function");
    expect(await fileKind!(join(modelDir, "node_modules", "greeter", "index.js"))).toBe("file");
    expect(await fileKind!(modelDir)).toBe("not a file");
    expect(await fileKind!("/dev/zero")).toBe("not a file");
    expect(await fileKind!(join(modelDir, "missing.js"))).toBe("missing");
  });

  it("resolves a package from the model directory's node_modules", () => {
    const resolved = genericPlatform().resolveFromModelDir!("greeter", modelDir);
    expect(resolved).toBe(new URL(`file://${join(modelDir, "node_modules", "greeter", "index.js")}`).href);
    expect(genericPlatform().resolveFromModelDir!("no-such-package", modelDir)).toBeUndefined();
  });

  it("a core handler runs a package:function spec installed in the model directory", async () => {
    const handler = createSageMakerHandler({
      env: { SAGEMAKER_MODEL_PATH: modelDir, CUSTOM_FASTAPI_PING_HANDLER: "greeter:hello" },
      logger: silentLogger,
    });
    const response = await handler.fetch(new Request("http://x/ping"));
    expect(await response.json()).toEqual({ from: "greeter in the model directory" });
    await handler.close();
  });

  it("a core handler names a spec file that is not a regular file instead of reading it forever", async () => {
    const handler = createSageMakerHandler({
      env: { SAGEMAKER_MODEL_PATH: modelDir, CUSTOM_FASTAPI_INVOCATION_HANDLER: "/dev/zero:run" },
      logger: silentLogger,
    });
    await expect(handler.ready()).rejects.toThrow(/\/dev\/zero.*not a regular file/);
  });
});
