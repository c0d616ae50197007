/** The curl subset the documents use, run with fetch so the docs test needs no curl binary. */
export interface CurlResult {
  output: string;
  headers?: Headers;
}

export async function runCurl(args: string[]): Promise<CurlResult> {
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  let include = false;
  let head = false;
  let retries = 0;
  let retryDelayMs = 1000;
  let retryRefused = false;
  let retryAll = false;
  const headers = new Headers();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new Error(`curl ${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "-X":
      case "--request":
        method = value();
        break;
      case "-H":
      case "--header": {
        const header = value();
        const colon = header.indexOf(":");
        headers.append(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
        break;
      }
      case "-d":
      case "--data":
      case "--data-raw":
      case "--data-binary":
        body = value();
        break;
      case "-i":
      case "--include":
        include = true;
        break;
      case "-I":
      case "--head":
        head = true;
        include = true;
        break;
      case "--retry":
        retries = Number(value());
        break;
      case "--retry-delay":
        retryDelayMs = Number(value()) * 1000;
        break;
      case "--retry-connrefused":
        retryRefused = true;
        break;
      case "--retry-all-errors":
        retryAll = true;
        break;
      case "-s":
      case "-S":
      case "-sS":
      case "--silent":
      case "-N":
      case "--no-buffer":
        break;
      default:
        if (arg.startsWith("-")) throw new Error(`the docs test does not know curl option ${arg}`);
        url = arg;
    }
  }
  if (!url) throw new Error("curl without a URL");
  if (!/^https?:\/\//.test(url)) url = `http://${url}`;
  // curl's defaults: POST with -d, form content type unless one is given.
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
  const send = () =>
    fetch(url as string, {
      method: head ? "HEAD" : (method ?? (body !== undefined ? "POST" : "GET")),
      headers,
      body,
      signal: AbortSignal.timeout(60_000),
    });
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await send();
      break;
    } catch (error) {
      // curl's --retry-connrefused: a server that is (re)starting refuses connections for a moment.
      const refused = (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
      // --retry-all-errors also retries a reset or an empty reply: a dying server can still accept a connection.
      if ((retryAll || (retryRefused && refused)) && attempt < retries) {
        await new Promise((r) => setTimeout(r, retryDelayMs));
        continue;
      }
      // A server that dies mid-request: curl prints nothing on stdout ("Empty reply from server").
      if (!refused) return { output: "" };
      throw error;
    }
  }
  const text = await response.text();
  if (!include) return { output: text, headers: response.headers };
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()];
  response.headers.forEach((v, k) => lines.push(`${k}: ${v}`));
  return { output: `${lines.join("\n")}\n\n${text}`, headers: response.headers };
}
