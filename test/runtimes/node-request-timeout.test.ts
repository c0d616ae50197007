import { describe, expect, it } from "vitest";
import { defaultRequestTimeout } from "../../runtimes/node/serve.ts";

describe("Node serve(): the default requestTimeout follows the hosting mode", () => {
  it("is Node's 5 minutes on a real-time endpoint (6 MiB bodies)", () => {
    expect(defaultRequestTimeout({})).toBe(300_000);
    expect(defaultRequestTimeout({ SAGEMAKER_MAX_PAYLOAD_IN_MB: "6" })).toBe(300_000);
    expect(defaultRequestTimeout({ SAGEMAKER_MAX_PAYLOAD_IN_MB: "1" })).toBe(300_000);
  });

  it("is an hour when async inference raises or lifts the body limit, so a 1 GB body read at the handler's pace is not cut with a 408", () => {
    expect(defaultRequestTimeout({ SAGEMAKER_MAX_PAYLOAD_IN_MB: "1024" })).toBe(3_600_000);
    expect(defaultRequestTimeout({ SAGEMAKER_MAX_PAYLOAD_IN_MB: "0" })).toBe(3_600_000);
  });

  it("keeps the real-time default when a variable is bad (ready() reports it)", () => {
    expect(defaultRequestTimeout({ SAGEMAKER_MAX_PAYLOAD_IN_MB: "lots" })).toBe(300_000);
  });
});
