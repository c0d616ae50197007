/**
 * Splits a command-line fragment the way a POSIX shell would, without any expansion: whitespace separates
 * words, single quotes are literal, double quotes allow `\"`, `\\`, `\$` and `` \` ``, and a backslash
 * outside quotes escapes the next character. Throws on an unclosed quote or a trailing backslash.
 */
export function splitArgs(input: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;
  while (index < input.length) {
    const char = input[index] as string;
    if (char === "'") {
      const end = input.indexOf("'", index + 1);
      if (end === -1) throw new Error("no closing quotation (')");
      word += input.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      index += 1;
      let closed = false;
      while (index < input.length) {
        const inner = input[index] as string;
        if (inner === '"') {
          closed = true;
          index += 1;
          break;
        }
        if (inner === "\\" && index + 1 < input.length && '"\\$`'.includes(input[index + 1] as string)) {
          word += input[index + 1];
          index += 2;
        } else {
          word += inner;
          index += 1;
        }
      }
      if (!closed) throw new Error('no closing quotation (")');
      inWord = true;
    } else if (char === "\\") {
      if (index + 1 >= input.length) throw new Error("no escaped character after the trailing backslash");
      word += input[index + 1];
      inWord = true;
      index += 2;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      index += 1;
    } else {
      word += char;
      inWord = true;
      index += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Quotes an argv for log lines only, so arguments with spaces stay readable and unambiguous. */
export function quoteForLog(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(" ");
}
