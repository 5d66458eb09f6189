/**
 * The goals of the benchmark, each judged from one run's figures. A missed
 * goal is reported, never an error: only a broken build fails the run.
 */
import { ADDED_DEPENDENCY, FIRST_DEPENDENCIES } from "./cache-mounts";
import type { CacheMountFigures } from "./cache-mounts";
import { seededTools, toolNames } from "./lower-bound";
import type { RebuildFigures } from "./rebuild";
import type { SizeFigures } from "./sizes";
import { megabytes, ratio } from "./stats";
import type { ProcessFigures } from "./synth-process";
import type { ScalingFigures } from "./synth-scaling";

/** One judged goal. */
export interface Goal {
  readonly goal: string;
  readonly figure: string;
  /** undefined when the run cannot judge it (not measurable here). */
  readonly met: boolean | undefined;
}

/** Added bytes of an image over the slim base. */
export function addedOverSlim(figures: SizeFigures, size: number): number {
  return size - figures.slimSize;
}

/** The size goals of one example. */
export function sizeGoals(f: SizeFigures): Goal[] {
  const generated = addedOverSlim(f, f.generated.size);
  const common = addedOverSlim(f, f.commonRecipe.size);
  const overCommon = generated / common;
  const overBound = f.generated.size / f.lowerBound;
  return [
    {
      goal: `${f.example}: generated adds at most half of what the common recipe adds`,
      figure:
        f.commonRecipe.failed === undefined
          ? `added ratio ${ratio(overCommon)}`
          : `the common recipe does not build: ${f.commonRecipe.failed}`,
      met: Number.isFinite(overCommon) ? overCommon <= 0.5 : undefined,
    },
    {
      goal: `${f.example}: generated image at most 10 % over the lower bound`,
      figure: `size ratio ${ratio(overBound)}; ${megabytes(
        f.generated.size - f.lowerBound,
      )} over it`,
      met: overBound <= 1.1,
    },
    {
      goal: `${f.example}: no pip, setuptools or wheel in the copied venv`,
      figure: `${seededTools(f.generated.venv.seededNames)}, ${megabytes(
        f.generated.venv.seededTools,
      )}`,
      met: toolNames(f.generated.venv.seededNames).length === 0,
    },
    {
      goal: `${f.example}: no lock files, tests or caches copied`,
      figure: f.generated.unwanted.join(", ") || "none",
      met: f.generated.unwanted.length === 0,
    },
    {
      goal: `${f.example}: no file written by two layers`,
      figure: `${f.generated.writtenTwice?.length ?? 0} files`,
      met: (f.generated.writtenTwice?.length ?? 0) === 0,
    },
  ];
}

/** The rebuild goals of one example. */
export function rebuildGoals(f: RebuildFigures): Goal[] {
  const cached = f.installCached.filter(Boolean).length;
  const share = f.rebuildMedian / f.coldMedian;
  return [
    {
      goal: `${f.example}: dependency install CACHED after a source-only change`,
      figure: `${cached} of ${f.installCached.length} rebuilds`,
      met: cached === f.installCached.length,
    },
    {
      goal: `${f.example}: rebuild under a third of a cold build`,
      figure: `median ratio ${ratio(share)}`,
      met: share < 1 / 3,
    },
  ];
}

/**
 * The cache mount goal, judged from the index's access log: with the mounts
 * on, every rebuild after a lock change downloads only the added dependency,
 * while the first build did download the others. With the mounts off the
 * rebuild must download them again, which shows that the log does see a
 * re-download; if it does not, the run cannot judge the goal.
 */
export function cacheMountGoals(f: CacheMountFigures): Goal[] {
  const onSaved = f.on.runs.every(
    (run) =>
      FIRST_DEPENDENCIES.every((name) => run.firstFetched.includes(name)) &&
      run.rebuildFetched.join() === ADDED_DEPENDENCY,
  );
  const offRefetched = f.off.runs.every((run) =>
    FIRST_DEPENDENCIES.every((name) => run.rebuildFetched.includes(name)),
  );
  const figure =
    `rebuild downloaded ${megabytes(f.on.rebuildBytesMedian)} with the mounts, ` +
    `${megabytes(f.off.rebuildBytesMedian)} without (median); time on/off ` +
    ratio(f.on.lockChangeMedian / f.off.lockChangeMedian);
  return [
    {
      goal: `${f.example}: a lock change re-downloads nothing already fetched`,
      figure: offRefetched
        ? figure
        : `not judged: without the mounts the rebuild did not download ${FIRST_DEPENDENCIES.join(" and ")} again; ${figure}`,
      met: offRefetched ? onSaved : undefined,
    },
  ];
}

/** The synth cost goals. */
export function synthGoals(
  process: ProcessFigures,
  scaling: readonly ScalingFigures[],
): Goal[] {
  const goals: Goal[] = [
    {
      goal: "whole-process projen time with/without the component, median ratio at most 1.10",
      figure: `median ratio ${ratio(process.medianRatio)}`,
      met: process.medianRatio <= 1.1,
    },
  ];
  const largest = scaling[scaling.length - 1];
  const reference = scaling.find((s) => s.images >= 10) ?? scaling[0];
  if (largest !== reference) {
    const growth = largest.perImage / reference.perImage;
    goals.push({
      goal: `component time grows linearly: per image at N=${largest.images} at most 1.5 x per image at N=${reference.images}`,
      figure: `ratio ${ratio(growth)}`,
      met: growth <= 1.5,
    });
  }
  return goals;
}
