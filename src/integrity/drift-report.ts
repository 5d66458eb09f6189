import type * as Diff from "diff";
import { normalizeLineEndings } from "./checksum";
import { FileState, WRITABLE_STATES } from "./file-state";
import { findMarker } from "./marker";

/** One managed file as the drift check saw it. */
export interface DriftEntry {
  /** Path relative to the root project, as shown to the user. */
  readonly path: string;
  readonly state: FileState;

  /** What the synth would write. */
  readonly generated: string;

  /** What is on disk, when there is a file. */
  readonly onDisk?: string;

  /** How to stop the library managing this file. */
  readonly takeOverHint: string;
}

const STATE_WIDTH = Math.max(
  ...Object.values(FileState).map((state) => state.length),
);

/** True when the entry stops the synth. */
export function isDrift(entry: DriftEntry): boolean {
  return !WRITABLE_STATES.has(entry.state);
}

/**
 * A report of every managed file: a status word and path per file, then a
 * unified diff for each file that stops the synth, then the ways out.
 */
export function formatDriftReport(
  entries: readonly DriftEntry[],
  projenrc: string,
): string {
  const drifted = entries.filter(isDrift);
  const lines = [headline(entries.length, drifted.length), ""];
  for (const entry of entries) {
    lines.push(`  ${entry.state.padEnd(STATE_WIDTH)}  ${entry.path}`);
  }
  for (const entry of drifted) {
    lines.push("", diffOf(entry).trimEnd());
  }
  if (drifted.length > 0) {
    lines.push("", ...waysOut(drifted, projenrc));
  }
  return lines.join("\n");
}

function headline(total: number, drifted: number): string {
  const files = (n: number) => `${n} managed file${n === 1 ? "" : "s"}`;
  if (drifted === 0) {
    return `Drift check: ${files(total)}, none changed by hand.`;
  }
  return (
    `Drift check failed: ${drifted} of ${files(total)} changed by hand ` +
    "or not written by projen. Nothing was written; every file is as it was."
  );
}

/**
 * The diff from the generated content to the file on disk. When the file
 * still has a marker, the generated marker line stands in for it, so the
 * diff shows the hand edit rather than a checksum nobody typed.
 */
function diffOf(entry: DriftEntry): string {
  const generated = normalizeLineEndings(entry.generated);
  const onDisk = alignMarker(
    generated,
    normalizeLineEndings(entry.onDisk ?? ""),
  );
  // loaded only when there is a diff to show: most synths have none, and
  // the library is a noticeable part of a projen process's start-up
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTwoFilesPatch }: typeof Diff = require("diff");
  return createTwoFilesPatch(
    `${entry.path} (generated)`,
    `${entry.path} (on disk)`,
    generated,
    onDisk === generated ? normalizeLineEndings(entry.onDisk ?? "") : onDisk,
    undefined,
    undefined,
    { context: 3 },
  )
    .split("\n")
    .filter((line) => !line.startsWith("====="))
    .join("\n");
}

function alignMarker(generated: string, onDisk: string): string {
  const mine = findMarker(generated);
  const theirs = findMarker(onDisk);
  if (mine === undefined || theirs === undefined) {
    return onDisk;
  }
  const lines = onDisk.split("\n");
  lines[theirs.line] = generated.split("\n")[mine.line];
  return lines.join("\n");
}

function waysOut(drifted: readonly DriftEntry[], projenrc: string): string[] {
  const paths = drifted.map((entry) => entry.path).join(" ");
  const lines = [
    "To go on, choose one of these for each file above:",
    `  1. Keep the change the projen way: make it in ${projenrc}, then discard`,
    "     the hand edit (step 2) and run `npx projen`.",
    "  2. Discard the change: delete the file or run",
    `     \`git checkout -- ${paths}\`, then run \`npx projen\` again.`,
    "  3. Take the file over, so the library stops writing and checking it:",
  ];
  for (const entry of drifted) {
    lines.push(`     ${entry.path}: ${entry.takeOverHint}`);
  }
  return lines;
}
