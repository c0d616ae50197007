import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  /** Every response was a 200 and nothing failed; otherwise the figure is not used. */
  valid: boolean;
  problem?: string;
}

/** Drives one server with autocannon for a fixed time and checks that every response was a 200. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? "GET",
    body: options.body,
    headers: options.body === undefined ? options.headers : { "content-type": "application/json", ...options.headers },
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 30,
  });
  const statuses = Object.keys(result.statusCodeStats ?? {});
  const problems: string[] = [];
  if (result.errors > 0) problems.push(`${result.errors} errors`);
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
  if (statuses.some((status) => status !== "200")) problems.push(`statuses ${statuses.join(",")}`);
  if (result.requests.total === 0) problems.push("no responses");
  return {
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    valid: problems.length === 0,
    problem: problems.length > 0 ? problems.join("; ") : undefined,
  };
}
