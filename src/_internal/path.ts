/** POSIX path join with `.`/`..` folding; an absolute `file` wins over `dir`, as in `os.path.join`. */
export function joinPath(dir: string, file: string): string {
  const joined = file.startsWith("/") ? file : `${dir.replace(/\/+$/, "")}/${file}`;
  const out: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `${joined.startsWith("/") ? "/" : ""}${out.join("/")}`;
}

/** `file:` URL of an absolute POSIX path, escaping what a URL would misread. */
export function toFileUrl(path: string): string {
  return `file://${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}`;
}
