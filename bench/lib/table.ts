/** One line of the results table: a figure, its baseline from the same run, and the target if any. */
export interface Row {
  area: string;
  case: string;
  ours: string;
  baseline: string;
  /** ours / baseline, both measured in the same run. */
  ratio: number;
  /** Throughput ratios read best as a percentage of the baseline, costs as a multiple. */
  ratioAs: "percent" | "multiple";
  /** Human-readable target, empty when there is none. */
  target: string;
  /** undefined when there is no target or the figure could not be measured. */
  met?: boolean;
  note?: string;
}

export const COLUMNS = ["Area", "Case", "Ours", "Baseline", "Ratio", "Target", "Met", "Note"] as const;

export function formatRatio(ratio: number, as: Row["ratioAs"]): string {
  if (!Number.isFinite(ratio)) return "n/a";
  return as === "percent" ? `${(ratio * 100).toFixed(0)}%` : `${ratio.toFixed(2)}x`;
}

/** A row for a part that could not run (not landed yet, runtime missing, invalid run). */
export function skippedRow(area: string, kase: string, why: string, target = ""): Row {
  return { area, case: kase, ours: "n/a", baseline: "n/a", ratio: Number.NaN, ratioAs: "multiple", target, note: why };
}

export function rowCells(row: Row): string[] {
  const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
  return [row.area, row.case, row.ours, row.baseline, formatRatio(row.ratio, row.ratioAs), row.target, met, row.note ?? ""];
}

/** The single Markdown table `npm run bench` prints and writes to bench/RESULTS.md. */
export function renderTable(rows: readonly Row[]): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const align = COLUMNS.map((_, i) => (i >= 2 && i <= 4 ? "---:" : "---"));
  const lines = [`| ${COLUMNS.join(" | ")} |`, `|${align.join("|")}|`];
  for (const row of rows) lines.push(`| ${rowCells(row).map(escape).join(" | ")} |`);
  return lines.join("\n");
}
