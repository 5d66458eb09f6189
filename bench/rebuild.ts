/**
 * Part 2: a rebuild after a source-only change against a cold build, with
 * the dependency install asserted CACHED from the BuildKit log.
 */
import { appendFileSync, readdirSync, statSync } from "fs";
import { join } from "path";
import type { Example } from "./examples";
import { median } from "./stats";
import { copyApp } from "../test/engine/engine";
import type { BuildStep, Scratch } from "../test/engine/engine";

/** The dependency install step of the generated builder stage. */
const DEPENDENCY_INSTALL = /\bpoetry (install|sync)\b[^&]*--no-root\b/;

/** Part 2's figures for one example. */
export interface RebuildFigures {
  readonly example: string;
  readonly cold: number[];
  readonly rebuild: number[];
  readonly coldMedian: number;
  readonly rebuildMedian: number;
  /** Each rebuild had its dependency install CACHED. */
  readonly installCached: boolean[];
  readonly editedFile: string;
  /** The steps the last rebuild ran (not CACHED), with their seconds. */
  readonly ranSteps: RanStep[];
}

/** A build step that ran, and how long BuildKit says it took. */
export interface RanStep {
  readonly name: string;
  readonly seconds: number;
}

/**
 * Builds the example cold (`--no-cache`) `repetitions` times, then changes a
 * source file and rebuilds as many times.
 */
export function measureRebuild(
  scratch: Scratch,
  example: Example,
  repetitions: number,
): RebuildFigures {
  const context = join(scratch.dir(`${example.name}-rebuild`), example.name);
  copyApp(example.dir, context);
  const editedFile = firstSourceFile(context, example.sources);
  const label = `${example.name}-rebuild`;

  const cold: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    cold.push(scratch.build(context, label, ["--no-cache"]).seconds);
  }

  const rebuild: number[] = [];
  const installCached: boolean[] = [];
  let ranSteps: RanStep[] = [];
  for (let i = 0; i < repetitions; i++) {
    appendFileSync(join(context, editedFile), `# bench edit ${Date.now()}\n`);
    const image = scratch.build(context, label);
    rebuild.push(image.seconds);
    installCached.push(dependencyInstallCached(image.steps, example.name));
    ranSteps = stepsThatRan(image.log);
  }
  return {
    example: example.name,
    cold,
    rebuild,
    coldMedian: median(cold),
    rebuildMedian: median(rebuild),
    installCached,
    editedFile,
    ranSteps,
  };
}

/** Whether the log shows exactly one dependency install step, CACHED. */
export function dependencyInstallCached(
  steps: readonly BuildStep[],
  example: string,
): boolean {
  const installs = steps.filter((step) => DEPENDENCY_INSTALL.test(step.name));
  if (installs.length !== 1) {
    throw new Error(
      `${example}: expected one dependency install step (poetry install or ` +
        `sync with --no-root) in the BuildKit log, found ${installs.length}`,
    );
  }
  return installs[0].cached;
}

/**
 * The Dockerfile steps of a plain BuildKit log that ran (not CACHED, not
 * FROM nor BuildKit's internal steps), with their seconds.
 */
export function stepsThatRan(log: string): RanStep[] {
  const names = new Map<string, string>();
  const ran: RanStep[] = [];
  for (const line of log.split("\n")) {
    const header = /^#(\d+) (\[.+)$/.exec(line);
    if (header) {
      names.set(header[1], header[2].trim());
    }
    const done = /^#(\d+) DONE ([\d.]+)s$/.exec(line);
    const name = done ? names.get(done[1]) : undefined;
    if (done && name !== undefined && !/^\[(internal|.* FROM )/.test(name)) {
      ran.push({ name, seconds: Number(done[2]) });
    }
  }
  return ran;
}

/** The first file under the sources, in name order: the one to edit. */
function firstSourceFile(context: string, sources: readonly string[]): string {
  for (const source of sources) {
    const file = firstFile(context, source);
    if (file !== undefined) {
      return file;
    }
  }
  throw new Error(`no source file under ${sources.join(", ")} in ${context}`);
}

function firstFile(context: string, path: string): string | undefined {
  const stat = statSync(join(context, path));
  if (stat.isFile()) {
    return path.endsWith(".py") ? path : undefined;
  }
  for (const name of readdirSync(join(context, path)).sort()) {
    const found = name.startsWith(".")
      ? undefined
      : firstFile(context, `${path}/${name}`);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
