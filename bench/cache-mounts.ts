/**
 * Part 3: the generated Dockerfile with BuildKit cache mounts on and off.
 *
 * No package index is reachable offline, so nothing is ever downloaded: the
 * lock change made here adds a local path dependency and bumps its version,
 * which re-runs the dependency install without a download. What this
 * measures is the cost of the mounts on such a rebuild and what the mounts
 * hold afterwards, not the downloads they save.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import type { Example } from "./examples";
import { dependencyInstallCached } from "./rebuild";
import { median } from "./stats";
import type { Scratch } from "../test/engine/engine";
import {
  BUILDER_IMAGE,
  copyApp,
  POETRY_VERSION,
  lockOffline,
  synthApp,
} from "../test/engine/engine";

const LIB = "libs/benchlib";
const CACHES = ["/root/.cache/pip", "/root/.cache/pypoetry"];

/** Unique per run, so that no lock of this run was built before. */
const RUN_STAMP = Math.floor(Date.now() / 1000);

/** Lock-change rebuild times with the mounts on or off. */
export interface MountSetting {
  readonly cacheMounts: boolean;
  readonly lockChange: number[];
  readonly lockChangeMedian: number;
}

/** Part 3's figures for one example. */
export interface CacheMountFigures {
  readonly example: string;
  readonly on: MountSetting;
  readonly off: MountSetting;
  /** Bytes in each cache mount of the engine after the builds. */
  readonly mountBytes: Record<string, number>;
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
    return "no [tool.poetry.dependencies] table to add a path dependency to";
  }
  return undefined;
}

/** Builds lock changes with the mounts on and off, alternately. */
export function measureCacheMounts(
  scratch: Scratch,
  example: Example,
  repetitions: number,
): CacheMountFigures {
  const apps = [true, false].map((cacheMounts) =>
    prepareApp(scratch, example, cacheMounts),
  );
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < repetitions; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      times[which].push(lockChangeBuild(scratch, example, apps[which], i + 1));
    }
  }
  const setting = (which: number): MountSetting => ({
    cacheMounts: which === 0,
    lockChange: times[which],
    lockChangeMedian: median(times[which]),
  });
  return {
    example: example.name,
    on: setting(0),
    off: setting(1),
    mountBytes: cacheMountBytes(scratch),
  };
}

interface PreparedApp {
  readonly dir: string;
  readonly cacheMounts: boolean;
}

/** A copy of the example with a local path dependency, built once. */
function prepareApp(
  scratch: Scratch,
  example: Example,
  cacheMounts: boolean,
): PreparedApp {
  const dir = join(
    scratch.dir(`${example.name}-mounts-${cacheMounts}`),
    example.name,
  );
  copyApp(example.dir, dir);
  writeFileSync(
    join(dir, "pyproject.toml"),
    withPathDependency(readFileSync(join(dir, "pyproject.toml"), "utf8")),
  );
  const app = { dir, cacheMounts };
  relock(app, example, 0);
  scratch.build(dir, label(example, cacheMounts));
  return app;
}

/** Bumps the path dependency's version, relocks, and times the build. */
function lockChangeBuild(
  scratch: Scratch,
  example: Example,
  app: PreparedApp,
  version: number,
): number {
  relock(app, example, version);
  const image = scratch.build(app.dir, label(example, app.cacheMounts));
  if (dependencyInstallCached(image.steps, example.name)) {
    throw new Error(
      `${example.name}: the dependency install was CACHED after a lock change`,
    );
  }
  return image.seconds;
}

function label(example: Example, cacheMounts: boolean): string {
  return `${example.name}-mounts-${cacheMounts ? "on" : "off"}`;
}

function relock(app: PreparedApp, example: Example, version: number): void {
  writeLibrary(app.dir, `1.${RUN_STAMP}.${version}`);
  lockOffline(app.dir);
  synthApp(app.dir, example.name, { cacheMounts: app.cacheMounts });
}

/** Adds `benchlib` as a path dependency under the Poetry dependencies. */
export function withPathDependency(pyproject: string): string {
  const table = "[tool.poetry.dependencies]\n";
  if (!pyproject.includes(table)) {
    throw new Error("pyproject.toml has no [tool.poetry.dependencies] table");
  }
  return pyproject.replace(
    table,
    `${table}benchlib = { path = "${LIB}", develop = false }\n`,
  );
}

function writeLibrary(dir: string, version: string): void {
  mkdirSync(join(dir, LIB, "benchlib"), { recursive: true });
  writeFileSync(
    join(dir, LIB, "pyproject.toml"),
    [
      "[tool.poetry]",
      'name = "benchlib"',
      `version = "${version}"`,
      'description = "A local library whose version the benchmark bumps"',
      'authors = ["bench <bench@example.com>"]',
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      "",
      "[build-system]",
      'requires = ["poetry-core>=1.0.0"]',
      'build-backend = "poetry.core.masonry.api"',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, LIB, "benchlib", "__init__.py"),
    `VERSION = "${version}"\n`,
  );
}

/**
 * The bytes in the engine's pip and Poetry cache mounts, read by a probe
 * build that mounts the same caches (same target, so the same cache id).
 */
function cacheMountBytes(scratch: Scratch): Record<string, number> {
  const dir = scratch.dir("mount-probe");
  const mounts = CACHES.map(
    (target) => `--mount=type=cache,target=${target},sharing=locked`,
  ).join(" ");
  writeFileSync(
    join(dir, "Dockerfile"),
    `FROM ${BUILDER_IMAGE}\nRUN ${mounts} du -sb ${CACHES.join(" ")}\n`,
  );
  const image = scratch.build(dir, "mount-probe", ["--no-cache"]);
  const bytes: Record<string, number> = {};
  for (const match of image.log.matchAll(/^#\d+ [\d.]+ (\d+)\s+(\S+)$/gm)) {
    bytes[match[2]] = Number(match[1]);
  }
  return bytes;
}
