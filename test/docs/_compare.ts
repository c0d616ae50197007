/**
 * Compares what an example printed with the output a document shows. `<...>` stands for any value
 * (a JSON string `"<...>"` matches any JSON value). JSON compares as JSON; an `HTTP/1.1` status line
 * and the headers listed under it must be present; other text compares line by line, trailing
 * spaces ignored. Returns undefined when they match, else what differs.
 */
export function compareOutput(actual: string, expected: string): string | undefined {
  const exp = expected.replace(/\r/g, "");
  const act = actual.replace(/\r/g, "");
  if (/^HTTP\/[\d.]+ \d{3}/.test(exp)) return compareHttp(act, exp);
  return compareBody(act, exp);
}

function compareHttp(actual: string, expected: string): string | undefined {
  const [expHead, ...expRest] = expected.split("\n\n");
  const [actHead, ...actRest] = actual.split("\n\n");
  if (!actHead?.startsWith("HTTP/")) return "the document shows a status line but the command printed no headers (add -i)";
  const [expStatus, ...expHeaders] = (expHead as string).split("\n");
  const [actStatus, ...actHeaders] = actHead.split("\n");
  const code = (line: string | undefined) => /^HTTP\/[\d.]+ (\d{3})/.exec(line ?? "")?.[1];
  if (code(expStatus) !== code(actStatus)) return `status ${String(code(actStatus))} instead of ${String(code(expStatus))}`;
  const got = new Map(actHeaders.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  for (const line of expHeaders.filter((l) => l.trim() !== "")) {
    const name = line.slice(0, line.indexOf(":")).toLowerCase();
    const value = line.slice(line.indexOf(":") + 1).trim();
    const actualValue = got.get(name);
    if (actualValue === undefined) return `header ${name} missing`;
    if (!wildcard(value).test(actualValue)) return `header ${name} is '${actualValue}', not '${value}'`;
  }
  return compareBody(actRest.join("\n\n"), expRest.join("\n\n"));
}

function compareBody(actual: string, expected: string): string | undefined {
  const exp = expected.trim();
  const act = actual.trim();
  const expJson = tryJson(exp);
  if (expJson.ok && exp !== "") {
    const actJson = tryJson(act);
    if (!actJson.ok) return "the document shows JSON but the output is not JSON";
    return compareJson(actJson.value, expJson.value, "$");
  }
  const norm = (s: string) => s.split("\n").map((l) => l.trimEnd()).join("\n");
  return wildcard(norm(exp)).test(norm(act)) ? undefined : "text differs";
}

function compareJson(actual: unknown, expected: unknown, path: string): string | undefined {
  if (expected === "<...>") return undefined;
  if (typeof expected === "string" && expected.includes("<...>")) {
    return typeof actual === "string" && wildcard(expected).test(actual) ? undefined : `${path} is ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path} is ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const problem = compareJson(actual[i], expected[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return `${path} is ${JSON.stringify(actual)}`;
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    for (const key of keys) {
      if (!(key in e)) return `${path}.${key} is not in the document`;
      if (!(key in a)) return `${path}.${key} is missing`;
      const problem = compareJson(a[key], e[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split("<...>")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*?");
  return new RegExp(`^${escaped}$`);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
