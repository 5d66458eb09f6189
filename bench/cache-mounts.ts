/**
 * Part 3: the generated Dockerfile with BuildKit cache mounts on and off,
 * through a lock change that adds a dependency.
 *
 * The dependencies come from a package index on this machine (see
 * `local-index.ts`), reached with `docker build --network host`; its access
 * log tells which wheels each build downloaded. Every repetition publishes
 * new versions, unique to this run, so that no earlier build on the engine
 * has them in its cache mount.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { buildWheels } from "./bench-wheels";
import type { Wheel } from "./bench-wheels";
import type { Example } from "./examples";
import { LocalIndex } from "./local-index";
import { dependencyInstallCached } from "./rebuild";
import { median } from "./stats";
import type { Scratch } from "../test/engine/engine";
import {
  BUILDER_IMAGE,
  copyApp,
  POETRY_VERSION,
  runInBuilder,
  synthApp,
} from "../test/engine/engine";

/** The dependencies of the first build; the lock change adds the last. */
export const FIRST_DEPENDENCIES = ["benchdep-a", "benchdep-b"];
export const ADDED_DEPENDENCY = "benchdep-c";

/** Random bytes in each dependency, so that a download is visible. */
const PAYLOAD_BYTES = 2_000_000;

/** The name of the index in the app's pyproject.toml. */
const SOURCE = "bench-index";
const POETRY_CACHE = "/root/.cache/pypoetry";

/** Unique per run, so that no version of this run was fetched before. */
const RUN_STAMP = Math.floor(Date.now() / 1000);
let versionSerial = 0;

/** One first build and its lock-change rebuild. */
export interface LockChangeRun {
  /** Wheels the first build downloaded, by project name, one per GET. */
  readonly firstFetched: string[];
  /** Wheels the rebuild after the lock change downloaded. */
  readonly rebuildFetched: string[];
  readonly rebuildBytes: number;
  /** The rebuild's wall time. */
  readonly seconds: number;
}

/** Lock-change runs with the mounts on or off. */
export interface MountSetting {
  readonly cacheMounts: boolean;
  readonly runs: LockChangeRun[];
  readonly lockChangeMedian: number;
  readonly rebuildBytesMedian: number;
}

/** Part 3's figures for one example. */
export interface CacheMountFigures {
  readonly example: string;
  readonly on: MountSetting;
  readonly off: MountSetting;
}

/**
 * Why this part cannot run for the example; undefined when it can. It
 * relocks and re-synthesizes with the stand-in's Python and Poetry, so the
 * example must be built on that builder and declare Poetry dependencies.
 */
export function cacheMountSkipReason(example: Example): string | undefined {
  if (example.builderImage !== BUILDER_IMAGE) {
    return `built on ${example.builderImage}; this part relocks with Poetry ${POETRY_VERSION} on ${BUILDER_IMAGE} only`;
  }
  const pyproject = readFileSync(join(example.dir, "pyproject.toml"), "utf8");
  if (!pyproject.includes("[tool.poetry.dependencies]")) {
    return "no [tool.poetry.dependencies] table to add dependencies to";
  }
  return undefined;
}

/**
 * Serves new wheels for each repetition and runs a first build and a
 * lock-change rebuild with the mounts on and off, alternately.
 */
export function measureCacheMounts(
  scratch: Scratch,
  example: Example,
  repetitions: number,
): CacheMountFigures {
  const versions = Array.from(
    { length: repetitions },
    () => `1.${RUN_STAMP}.${++versionSerial}`,
  );
  const index = new LocalIndex(scratch.dir(`${example.name}-index`));
  index.add(
    buildWheels(scratch.dir(`${example.name}-wheels`), {
      names: [...FIRST_DEPENDENCIES, ADDED_DEPENDENCY],
      versions,
      payloadBytes: PAYLOAD_BYTES,
    }),
  );
  const runs: [LockChangeRun[], LockChangeRun[]] = [[], []];
  index.start();
  try {
    versions.forEach((version, i) => {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const which of order) {
        const cacheMounts = which === 0;
        runs[which].push(
          lockChangeRun(scratch, example, index, cacheMounts, version),
        );
      }
    });
  } finally {
    index.stop();
    try {
      forgetDownloads(scratch, versions);
    } catch (error) {
      process.stderr.write(`cleanup: ${(error as Error).message}\n`);
    }
  }
  return {
    example: example.name,
    on: setting(true, runs[0]),
    off: setting(false, runs[1]),
  };
}

function setting(cacheMounts: boolean, runs: LockChangeRun[]): MountSetting {
  return {
    cacheMounts,
    runs,
    lockChangeMedian: median(runs.map((r) => r.seconds)),
    rebuildBytesMedian: median(runs.map((r) => r.rebuildBytes)),
  };
}

/**
 * A fresh copy of the example that depends on the first dependencies, built
 * once; then the lock change adds one more, and the rebuild is timed. The
 * dependency install must run (not CACHED) on the rebuild.
 */
function lockChangeRun(
  scratch: Scratch,
  example: Example,
  index: LocalIndex,
  cacheMounts: boolean,
  version: string,
): LockChangeRun {
  const mode = cacheMounts ? "on" : "off";
  const dir = join(scratch.dir(`${example.name}-mounts-${mode}`), example.name);
  copyApp(example.dir, dir);
  const original = readFileSync(join(dir, "pyproject.toml"), "utf8");
  const label = `${example.name}-mounts-${mode}`;

  const relock = (names: string[]): void => {
    writeFileSync(
      join(dir, "pyproject.toml"),
      withIndexDependencies(original, index.url, names, version),
    );
    lockWithIndex(dir);
    synthApp(dir, example.name, { cacheMounts });
  };
  const build = (): { fetched: Wheel[]; seconds: number } => {
    const mark = index.mark();
    const image = scratch.build(dir, label, ["--network", "host"]);
    if (dependencyInstallCached(image.steps, example.name)) {
      throw new Error(
        `${example.name}: the dependency install was CACHED after a lock change`,
      );
    }
    return { fetched: index.fetchedSince(mark), seconds: image.seconds };
  };

  relock(FIRST_DEPENDENCIES);
  const first = build();
  relock([...FIRST_DEPENDENCIES, ADDED_DEPENDENCY]);
  const rebuild = build();
  return {
    firstFetched: first.fetched.map((w) => w.name),
    rebuildFetched: rebuild.fetched.map((w) => w.name),
    rebuildBytes: rebuild.fetched.reduce((sum, w) => sum + w.bytes, 0),
    seconds: rebuild.seconds,
  };
}

/**
 * Adds the dependencies, pinned to one version, and the local index as the
 * only source (`default = true` turns PyPI off).
 */
export function withIndexDependencies(
  pyproject: string,
  url: string,
  names: readonly string[],
  version: string,
): string {
  const table = "[tool.poetry.dependencies]\n";
  if (!pyproject.includes(table)) {
    throw new Error("pyproject.toml has no [tool.poetry.dependencies] table");
  }
  const lines = names.map((name) => `${name} = "${version}"\n`).join("");
  const source = [
    "",
    "[[tool.poetry.source]]",
    `name = "${SOURCE}"`,
    `url = "${url}"`,
    "default = true",
    "",
  ].join("\n");
  return `${pyproject.replace(table, `${table}${lines}`).trimEnd()}\n${source}`;
}

/**
 * Writes poetry.lock with the builder stand-in's Poetry, on the host's
 * network so that it reaches the local index.
 */
function lockWithIndex(dir: string): void {
  runInBuilder(dir, ["poetry", "lock"], { network: "host" });
}

/**
 * Deletes what this run left in the engine's Poetry cache mount: the
 * downloaded wheels of these versions (each in its own folder, named by a
 * hash of its URL) and the index's page cache. A build that mounts the same
 * target reaches the same cache.
 */
function forgetDownloads(scratch: Scratch, versions: readonly string[]): void {
  const dir = scratch.dir("mount-cleanup");
  const patterns = versions.map((v) => `-name 'benchdep_*-${v}-*.whl'`);
  const find = `find ${POETRY_CACHE}/artifacts \\( ${patterns.join(" -o ")} \\)`;
  writeFileSync(
    join(dir, "Dockerfile"),
    [
      `FROM ${BUILDER_IMAGE}`,
      `RUN --mount=type=cache,target=${POETRY_CACHE},sharing=locked ` +
        `rm -rf ${POETRY_CACHE}/cache/repositories/${SOURCE} && ` +
        `mkdir -p ${POETRY_CACHE}/artifacts && ` +
        `${find} -exec sh -c 'rm -rf "$(dirname "$1")"' sh {} \\;`,
      "",
    ].join("\n"),
  );
  scratch.build(dir, "mount-cleanup", ["--no-cache"]);
}
