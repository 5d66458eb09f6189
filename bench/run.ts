/**
 * The benchmark: builds the bundled examples in the local engine, measures
 * image sizes, rebuilds, cache mounts and synth cost, prints the tables and
 * writes them to `bench/results.md`.
 *
 * Usage: `ts-node --transpile-only bench/run.ts [--quick] [--output FILE]`
 * (`BENCH_QUICK=1` is the same as `--quick`: fewer repetitions, for CI;
 * `--output` writes the markdown elsewhere than `bench/results.md`).
 * Exits non-zero only when a build or a run breaks; a missed goal is printed
 * as "goal missed" and does not fail it.
 */
import { mkdirSync, rmSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { cacheMountSkipReason, measureCacheMounts } from "./cache-mounts";
import { findExamples } from "./examples";
import { cacheMountGoals, rebuildGoals, sizeGoals, synthGoals } from "./goals";
import { MOUNT_NOTES, REBUILD_NOTES, SIZE_NOTES, SYNTH_NOTES } from "./notes";
import { measureRebuild } from "./rebuild";
import {
  checkTable,
  goalTable,
  mountTable,
  rebuildTable,
  sizeTable,
  synthTable,
} from "./report";
import type { BenchResults } from "./report";
import { measureSizes } from "./sizes";
import { compileLibrary, measureProcess } from "./synth-process";
import { measureScaling } from "./synth-scaling";
import { checkEngine, docker, Scratch } from "../test/engine/engine";

const REPO = resolve(__dirname, "..");

/** How many times each measurement repeats. */
interface Repetitions {
  readonly builds: number;
  readonly lockChanges: number;
  readonly processRuns: number;
  readonly scalingRuns: number;
  readonly scalingSizes: number[];
}

const FULL: Repetitions = {
  builds: 5,
  lockChanges: 3,
  processRuns: 9,
  scalingRuns: 5,
  scalingSizes: [1, 10, 100],
};

const QUICK: Repetitions = {
  builds: 1,
  lockChanges: 1,
  processRuns: 3,
  scalingRuns: 3,
  scalingSizes: [1, 10, 100],
};

function main(): void {
  const quick =
    process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
  const reps = quick ? QUICK : FULL;
  const output = optionValue("--output") ?? join(__dirname, "results.md");
  const started = Date.now();
  const engine = checkEngine();
  const scratch = new Scratch("bench");
  const work = join(REPO, ".tmp", `bench-${process.pid}`);
  try {
    const results = measureAll(scratch, work, reps);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const header = [
      `Mode: ${quick ? "quick (--quick)" : "full"}; took ${minutes} min.`,
      `Engine: Docker ${engine}, BuildKit, \`--network none\` (cache mounts: \`--network host\`, to reach a local index). Base images: ${results.images
        .map((image) => `${image} ${imageId(image)}`)
        .join(", ")}.`,
      `Run on ${new Date().toISOString().slice(0, 10)}; times are this machine's, only ratios and medians of this one run mean anything.`,
    ];
    const markdown = render({ ...results, header });
    writeFileSync(output, markdown);
    process.stdout.write(`${markdown}\nWritten to ${output}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const problem of scratch.cleanup()) {
      process.stderr.write(`cleanup: ${problem}\n`);
    }
  }
}

function measureAll(
  scratch: Scratch,
  work: string,
  reps: Repetitions,
): Omit<BenchResults, "header"> & { images: string[] } {
  const { examples, skipped } = findExamples(join(REPO, "examples"));
  for (const skip of skipped) {
    log(`skipping examples/${skip.name}: ${skip.reason}`);
  }
  const sizes = examples.map((e) =>
    step(`sizes ${e.name}`, () => measureSizes(scratch, e)),
  );
  const rebuilds = examples.map((e) =>
    step(`rebuild ${e.name}`, () => measureRebuild(scratch, e, reps.builds)),
  );
  const mountSkips = examples.flatMap((e) => {
    const reason = cacheMountSkipReason(e);
    return reason === undefined ? [] : [{ name: e.name, reason }];
  });
  const mounts = examples
    .filter((e) => cacheMountSkipReason(e) === undefined)
    .map((e) =>
      step(`cache mounts ${e.name}`, () =>
        measureCacheMounts(scratch, e, reps.lockChanges),
      ),
    );

  mkdirSync(work, { recursive: true });
  const lib = join(work, "lib");
  step("compile src with tsc", () => compileLibrary(REPO, lib));
  const processFigures = step("whole-process synth", () =>
    measureProcess(REPO, join(work, "process"), lib, reps.processRuns),
  );
  const scaling = step("in-process synth scaling", () =>
    measureScaling(join(work, "scaling"), reps.scalingSizes, reps.scalingRuns),
  );
  const goals = [
    ...sizes.flatMap(sizeGoals),
    ...rebuilds.flatMap(rebuildGoals),
    ...mounts.flatMap(cacheMountGoals),
    ...synthGoals(processFigures, scaling),
  ];
  const images = [
    ...new Set(examples.flatMap((e) => [e.builderImage, e.runtimeImage])),
  ].sort();
  return {
    images,
    skipped,
    mountSkips,
    sizes,
    rebuilds,
    mounts,
    process: processFigures,
    scaling,
    goals,
  };
}

/** The whole results.md. */
function render(r: BenchResults): string {
  const skipped = r.skipped.map(
    (s) => `- examples/${s.name} skipped: ${s.reason}`,
  );
  return [
    "# Benchmark results",
    "",
    "Written by `npx projen bench` (`bench/run.ts`); do not edit by hand.",
    "",
    ...r.header,
    ...(skipped.length > 0 ? ["", ...skipped] : []),
    "",
    "## Goals",
    "",
    goalTable(r.goals),
    "",
    "## Runtime image size",
    "",
    sizeTable(r.sizes),
    "",
    checkTable(r.sizes),
    "",
    SIZE_NOTES,
    "",
    "## Rebuild after a source-only change",
    "",
    rebuildTable(r.rebuilds),
    "",
    REBUILD_NOTES,
    "",
    "## Cache mounts and a lock change",
    "",
    mountTable(r.mounts),
    "",
    ...r.mountSkips.map(
      (s) => `- examples/${s.name} not measured: ${s.reason}`,
    ),
    ...(r.mountSkips.length > 0 ? [""] : []),
    MOUNT_NOTES,
    "",
    "## Synth cost",
    "",
    synthTable(r.process, r.scaling),
    "",
    SYNTH_NOTES,
    "",
  ].join("\n");
}

/** Runs one named step, logging its start and duration to stderr. */
function step<T>(name: string, work: () => T): T {
  const started = Date.now();
  log(`${name} ...`);
  const value = work();
  log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

/** The value after a command-line flag, such as `--output FILE`. */
function optionValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function imageId(ref: string): string {
  return docker(["image", "inspect", "-f", "{{.Id}}", ref])
    .stdout.trim()
    .slice(7, 19);
}

try {
  main();
} catch (error) {
  process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
