/**
 * Splits a Markdown document into the units the docs test runs. The conventions (also in
 * docs/runbook.md section 11.5):
 * - A TypeScript/JavaScript block preceded by `<!-- file: NAME -->`, or by prose naming it as
 *   "(`NAME.ts`)" (the draft runbook's "**Code** (`basic.ts`):"), is written to NAME in the document's
 *   scratch directory, for a later `npx tsx NAME` (or as a customer script).
 * - A block preceded by `<!-- example: PATH -->` must equal the repository file PATH, which is
 *   what runs.
 * - Any other TypeScript/JavaScript block is a script: it runs to completion and must exit 0; when
 *   an output block follows, its stdout must match.
 * - `<!-- not-runnable: REASON -->` before a block exempts it (fragments; use sparingly).
 * - A `bash` block with `curl` commands is an exchange: `export A=B` lines set the environment,
 *   `npx tsx FILE` (or `bun FILE`, `deno run [flags] FILE`) lines start servers, and the curl commands run in order. When the next block
 *   (with only short prose in between) is `json`, `text`, `http`, `sse` or unlabelled, it is the
 *   expected output of the block's curl commands, compared with `<...>` standing for any value. A
 *   trailing `# text` comment on a curl line is that command's expected output. `npm start` starts
 *   the file the package's start script runs with tsx; other commands are ignored.
 * - `<!-- requires: name, ... -->` anywhere in a section skips the section (visibly) while the package
 *   does not export those names yet; it runs as soon as they land.
 * - Each `##` or `###` heading starts a new section: servers stop, the environment resets; files
 *   written by earlier sections stay (one working directory per document).
 */

export interface CodeBlock {
  kind: "code";
  lang: string;
  text: string;
  line: number;
  /** `file`, `example` or `not-runnable` marker, if any. */
  marker?: { type: "file" | "example" | "not-runnable"; value: string };
  /** The output block that follows, for scripts and exchanges. */
  expected?: { lang: string; text: string; line: number };
  section: string;
  /** Increments at every `##`/`###` heading. */
  sectionIndex: number;
}

/** Exports a section needs (`<!-- requires: ... -->`), by section index. */
export function extractRequires(markdown: string): Map<number, string[]> {
  const requires = new Map<number, string[]>();
  let sectionIndex = 0;
  for (const line of markdown.split("\n")) {
    if (/^#{2,3}\s/.test(line)) sectionIndex++;
    const match = /^<!--\s*requires:\s*(.*?)\s*-->$/.exec(line.trim());
    if (match) requires.set(sectionIndex, [...(requires.get(sectionIndex) ?? []), ...(match[1] as string).split(/[\s,]+/).filter(Boolean)]);
  }
  return requires;
}

const CODE_LANGS = new Set(["ts", "typescript", "js", "javascript", "mjs", "tsx"]);
const OUTPUT_LANGS = new Set(["json", "text", "http", "sse", "", "console", "txt"]);
const MARKER = /^<!--\s*(file|example|not-runnable):\s*(.*?)\s*-->$/;

export function isCode(lang: string): boolean {
  return CODE_LANGS.has(lang);
}

/** Every fenced block, with markers and expected outputs attached. */
export function extractBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let section = "";
  let sectionIndex = 0;
  let pendingMarker: CodeBlock["marker"];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^(#{2,3})\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[2] as string;
      sectionIndex++;
      pendingMarker = undefined;
      prose = [];
      continue;
    }
    const marker = MARKER.exec(line.trim());
    if (marker) {
      pendingMarker = { type: marker[1] as "file" | "example" | "not-runnable", value: marker[2] as string };
      continue;
    }
    const fence = /^(\s*)(`{3,})\s*([\w-]*)/.exec(line);
    if (!fence) {
      if (line.trim() !== "") prose.push(line.trim());
      continue;
    }
    const [, indent, ticks, lang] = fence as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).trimStart().startsWith(ticks)) {
      body.push((lines[j] as string).slice(indent.length));
      j++;
    }
    const block: CodeBlock = { kind: "code", lang: lang.toLowerCase(), text: `${body.join("\n")}\n`, line: i + 1, section, sectionIndex };
    if (pendingMarker) block.marker = pendingMarker;
    else if (isCode(block.lang)) {
      const named = [...prose.join(" ").matchAll(/\(`([\w./-]+\.(?:m?ts|m?js))`\)/g)].at(-1)?.[1];
      if (named && !named.startsWith("/")) block.marker = { type: "file", value: named };
    }
    const previous = blocks.at(-1);
    const attachable = previous && previous.sectionIndex === sectionIndex && !previous.expected && prose.every((p) => p.length <= 80) && prose.length <= 2;
    if (attachable && OUTPUT_LANGS.has(block.lang) && ((isCode(previous.lang) && previous.marker?.type !== "file") || isExchange(previous)) && !block.marker) {
      previous.expected = { lang: block.lang, text: block.text, line: block.line };
    } else {
      blocks.push(block);
    }
    pendingMarker = undefined;
    prose = [];
    i = j;
  }
  return blocks;
}

/**
 * Output blocks that follow a script or an exchange in the same section but were not attached to it
 * (too much prose in between): they would be shown to readers and never compared.
 */
export function uncomparedOutputs(blocks: CodeBlock[]): CodeBlock[] {
  return blocks.filter((block, i) => {
    const previous = blocks[i - 1];
    if (!previous || block.marker || !OUTPUT_LANGS.has(block.lang) || previous.sectionIndex !== block.sectionIndex || previous.expected) return false;
    return (isCode(previous.lang) && previous.marker?.type !== "file") || isExchange(previous);
  });
}

export function isExchange(block: CodeBlock): boolean {
  return (block.lang === "bash" || block.lang === "sh" || block.lang === "shell") && /(^|\n)\s*curl\s/.test(block.text);
}

/** Shell words of one command line (quotes and `\` line continuations handled). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = "";
  let started = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && /["\\$`]/.test(command[i + 1] ?? "")) current += command[++i];
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === "\\" && command[i + 1] === "\n") {
      i++;
    } else if (c === "\\") {
      current += command[++i] ?? "";
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${command}`);
  if (started) words.push(current);
  return words;
}

/** The commands of a bash block: continuation lines joined, `&&` chains split, comment lines and blank lines dropped. */
export function shellCommands(script: string): string[] {
  const joined = script.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .flatMap((line) => line.split(/\s&&\s/))
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** A command and its unquoted trailing `# comment`, if any. */
export function splitComment(command: string): { command: string; comment?: string } {
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && i > 0 && /\s/.test(command[i - 1] as string)) {
      return { command: command.slice(0, i).trimEnd(), comment: command.slice(i + 1).trim() };
    }
  }
  return { command };
}
