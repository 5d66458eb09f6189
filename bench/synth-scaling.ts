/**
 * Part 4b: the in-process time of `root.synth()` for a monorepo of N Poetry
 * subprojects, with and without a PoetryDockerImage in each; the component's
 * time is the difference of the medians.
 */
import { join } from "path";
import { LogLevel, Project } from "projen";
import { PoetryDockerImage } from "../src";
import { median, timed } from "./stats";
import { writePoetryApp } from "./synth-app";

/** Part 4b's figures for one N. */
export interface ScalingFigures {
  readonly images: number;
  readonly withMedian: number;
  readonly withoutMedian: number;
  /** withMedian - withoutMedian, in seconds. */
  readonly component: number;
  /** component / images, in seconds. */
  readonly perImage: number;
}

/** Measures each N in `sizes`, `runs` times with and without, alternately. */
export function measureScaling(
  workDir: string,
  sizes: readonly number[],
  runs: number,
): ScalingFigures[] {
  return sizes.map((n) => {
    const dirs = [false, true].map((withImage) =>
      writeMonorepo(
        join(workDir, `n${n}-${withImage ? "with" : "without"}`),
        n,
      ),
    );
    dirs.forEach((dir, which) => synthMonorepo(dir, n, which === 1)); // warm-up
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const which of order) {
        times[which].push(synthMonorepo(dirs[which], n, which === 1));
      }
    }
    const withMedian = median(times[1]);
    const withoutMedian = median(times[0]);
    const component = withMedian - withoutMedian;
    return {
      images: n,
      withMedian,
      withoutMedian,
      component,
      perImage: component / n,
    };
  });
}

function writeMonorepo(dir: string, n: number): string {
  for (let i = 0; i < n; i++) {
    writePoetryApp(join(dir, "apps", `app${i}`), `app${i}`);
  }
  return dir;
}

/** Builds the project tree and synthesizes it; the seconds of both. */
function synthMonorepo(dir: string, n: number, withImage: boolean): number {
  const before = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = "true";
  try {
    return timed(() => {
      const logging = { level: LogLevel.OFF };
      const root = new Project({ name: "monorepo", outdir: dir, logging });
      for (let i = 0; i < n; i++) {
        const app = new Project({
          name: `app${i}`,
          parent: root,
          outdir: join("apps", `app${i}`),
          logging,
        });
        if (withImage) {
          new PoetryDockerImage(app, {
            pythonVersion: "3.11.9",
            poetryVersion: "1.3.2",
          });
        }
      }
      root.synth();
    }).seconds;
  } finally {
    if (before === undefined) {
      delete process.env.PROJEN_DISABLE_POST;
    } else {
      process.env.PROJEN_DISABLE_POST = before;
    }
  }
}
