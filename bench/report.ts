/**
 * Renders the benchmark's figures as markdown: a goal table first, then one
 * table per part, with the method of each in a short note.
 */
import type { CacheMountFigures } from "./cache-mounts";
import type { SkippedExample } from "./examples";
import { addedOverSlim } from "./goals";
import type { Goal } from "./goals";
import { seededTools } from "./lower-bound";
import { table } from "./markdown";
import type { RebuildFigures } from "./rebuild";
import type { ImageFigures, SizeFigures } from "./sizes";
import {
  median,
  megabytes,
  milliseconds,
  ratio,
  seconds,
  verdict,
} from "./stats";
import type { ProcessFigures } from "./synth-process";
import type { ScalingFigures } from "./synth-scaling";

/** Everything one run measured. */
export interface BenchResults {
  readonly header: string[];
  readonly skipped: SkippedExample[];
  /** Examples part 3 leaves out, and why. */
  readonly mountSkips: SkippedExample[];
  readonly sizes: SizeFigures[];
  readonly rebuilds: RebuildFigures[];
  readonly mounts: CacheMountFigures[];
  readonly process: ProcessFigures;
  readonly scaling: ScalingFigures[];
  readonly goals: Goal[];
}

/** The goal table: one row per goal with its figure and verdict. */
export function goalTable(goals: readonly Goal[]): string {
  return table(
    ["goal", "figure", "verdict"],
    goals.map((g) => [
      g.goal,
      g.figure,
      g.met === undefined ? "not judged" : verdict(g.met),
    ]),
  );
}

/** Part 1: sizes of the three builds and the lower bound, per example. */
export function sizeTable(all: readonly SizeFigures[]): string {
  const rows = all.flatMap((f) => {
    const common = addedOverSlim(f, f.commonRecipe.size);
    const row = (image: ImageFigures): string[] => {
      if (image.failed !== undefined) {
        return [
          f.example,
          image.label,
          `build failed: ${image.failed}`,
          ...Array(6).fill(""),
        ];
      }
      const added = addedOverSlim(f, image.size);
      return [
        f.example,
        image.label,
        megabytes(image.size),
        megabytes(added),
        image.base === f.generated.base
          ? ""
          : megabytes(image.size - image.baseSize),
        ratio(added / common),
        ratio(image.size / f.lowerBound),
        megabytes(image.size - f.lowerBound),
        megabytes(image.venv.seededTools),
      ];
    };
    return [
      row(f.generated),
      row(f.commonRecipe),
      row(f.singleStage),
      [
        f.example,
        "lower bound",
        megabytes(f.lowerBound),
        megabytes(f.lowerBound - f.slimSize),
        "",
        ratio((f.lowerBound - f.slimSize) / common),
        "1.000",
        megabytes(0),
        "",
      ],
    ];
  });
  return table(
    [
      "example",
      "build",
      "image",
      "added over slim base",
      "added over full base",
      "added / common recipe's",
      "size / lower bound",
      "over lower bound",
      "pip, setuptools, wheel in venv",
    ],
    rows,
  );
}

/** Part 1's checks: files written twice, unwanted files, /app contents. */
export function checkTable(all: readonly SizeFigures[]): string {
  const rows = all.flatMap((f) =>
    [f.generated, f.commonRecipe, f.singleStage].map((image) =>
      image.failed !== undefined
        ? [f.example, image.label, "build failed", "", "", "", ""]
        : [
            f.example,
            image.label,
            image.writtenTwice === undefined
              ? "not checked"
              : summarize(image.writtenTwice),
            summarize(image.unwanted),
            seededTools(image.venv.seededNames),
            megabytes(image.venv.skeleton),
            megabytes(image.venv.rootPackage),
          ],
    ),
  );
  return table(
    [
      "example",
      "build",
      "files written by two layers",
      "lock, pyproject, tests, caches under /app",
      "seeded tools in site-packages",
      "venv outside site-packages",
      "root package's dist-info and .pth",
    ],
    rows,
  );
}

function summarize(items: readonly string[]): string {
  if (items.length === 0) {
    return "none";
  }
  const shown = items.slice(0, 4).map((item) => `\`${item}\``);
  return items.length > 4
    ? `${items.length}: ${shown.join(", ")}, …`
    : shown.join(", ");
}

/** Part 2: cold build and source-only rebuild, per example. */
export function rebuildTable(all: readonly RebuildFigures[]): string {
  return table(
    [
      "example",
      "runs",
      "cold (--no-cache), median",
      "rebuild after a source edit, median",
      "rebuild / cold",
      "dependency install CACHED",
      "steps the last rebuild ran (BuildKit's seconds)",
    ],
    all.map((f) => [
      f.example,
      String(f.cold.length),
      seconds(f.coldMedian),
      seconds(f.rebuildMedian),
      ratio(f.rebuildMedian / f.coldMedian),
      `${f.installCached.filter(Boolean).length} of ${f.installCached.length}`,
      f.ranSteps
        .map((s) => `\`${stepName(s.name)}\` ${s.seconds} s`)
        .join("; "),
    ]),
  );
}

/** A step's name without its cache mount flags, which only add length. */
function stepName(name: string): string {
  return name.replace(/--mount=\S+ /g, "");
}

/** Part 3: lock-change rebuilds with the cache mounts on and off. */
export function mountTable(all: readonly CacheMountFigures[]): string {
  return table(
    [
      "example",
      "runs",
      "first build downloaded (mounts on / off)",
      "lock-change rebuild downloaded, mounts on",
      "mounts off",
      "bytes per rebuild on / off, median",
      "rebuild time on / off, median",
      "on / off",
    ],
    all.map((f) => [
      f.example,
      String(f.on.runs.length),
      `${downloads(f.on.runs.map((r) => r.firstFetched))} / ${downloads(
        f.off.runs.map((r) => r.firstFetched),
      )}`,
      downloads(f.on.runs.map((r) => r.rebuildFetched)),
      downloads(f.off.runs.map((r) => r.rebuildFetched)),
      `${megabytes(f.on.rebuildBytesMedian)} / ${megabytes(
        f.off.rebuildBytesMedian,
      )}`,
      `${seconds(f.on.lockChangeMedian)} / ${seconds(f.off.lockChangeMedian)}`,
      ratio(f.on.lockChangeMedian / f.off.lockChangeMedian),
    ]),
  );
}

/**
 * Wheel downloads over all runs, per project, such as `benchdep-c ×3`;
 * `none` when nothing was downloaded.
 */
function downloads(runs: readonly string[][]): string {
  const counts = new Map<string, number>();
  for (const name of runs.flat()) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (counts.size === 0) {
    return "none";
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ×${count}`)
    .join(", ");
}

/** Part 4: whole-process ratio and in-process scaling. */
export function synthTable(
  process: ProcessFigures,
  scaling: readonly ScalingFigures[],
): string {
  const whole = table(
    [
      "projen runs each",
      "without, median",
      "with, median",
      "median of paired ratios",
    ],
    [
      [
        String(process.with.length),
        seconds(median(process.without)),
        seconds(median(process.with)),
        ratio(process.medianRatio),
      ],
    ],
  );
  const inProcess = table(
    [
      "images (subprojects)",
      "synth without, median",
      "synth with, median",
      "component",
      "component per image",
    ],
    scaling.map((s) => [
      String(s.images),
      milliseconds(s.withoutMedian * 1e3),
      milliseconds(s.withMedian * 1e3),
      milliseconds(s.component * 1e3),
      milliseconds(s.perImage * 1e3),
    ]),
  );
  return `${whole}\n\n${inProcess}`;
}
