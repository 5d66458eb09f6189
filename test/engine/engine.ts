/**
 * Helpers for the engine tests: they build and run real images in the local
 * Docker engine, with the Debian docker.io client and BuildKit, offline.
 *
 * The engine and the python:3.11.9 (bookworm, Poetry 1.3.2) and
 * python:3.13.5 (trixie, Poetry 2.1.2) stand-in images come from
 * `bash scripts/engine-setup.sh` (see /work/shared/ENGINE.md). When they are
 * missing the tests fail, never skip.
 */
import { spawnSync } from "child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";
import { DockerfileParser } from "dockerfile-ast";
import type { Instruction } from "dockerfile-ast";
import { LogLevel, Project } from "projen";
import { PoetryDockerImage } from "../../src";
import type { PoetryDockerImageOptions } from "../../src";

/** The Debian docker.io client; the one first on PATH lacks buildx. */
export const DOCKER = "/usr/bin/docker";

/** The stand-in images every generated Dockerfile of these tests names. */
export const PYTHON_VERSION = "3.11.9";
export const POETRY_VERSION = "1.3.2";
export const BUILDER_IMAGE = `python:${PYTHON_VERSION}-bookworm`;
export const RUNTIME_IMAGE = `python:${PYTHON_VERSION}-slim-bookworm`;

/** The trixie stand-ins, whose Debian Poetry is a 2.x release. */
export const TRIXIE_PYTHON_VERSION = "3.13.5";
export const TRIXIE_POETRY_VERSION = "2.1.2";
export const TRIXIE_BUILDER_IMAGE = `python:${TRIXIE_PYTHON_VERSION}-trixie`;
export const TRIXIE_RUNTIME_IMAGE = `python:${TRIXIE_PYTHON_VERSION}-slim-trixie`;

/** The options that make a generated Dockerfile name the trixie stand-ins. */
export const TRIXIE_OPTIONS = {
  pythonVersion: TRIXIE_PYTHON_VERSION,
  debianRelease: "trixie",
  poetryVersion: TRIXIE_POETRY_VERSION,
} as const;

const SETUP_HINT =
  "Run `bash scripts/engine-setup.sh` as root (it installs Debian's docker.io, " +
  `starts dockerd and builds the ${BUILDER_IMAGE}, ${RUNTIME_IMAGE}, ` +
  `${TRIXIE_BUILDER_IMAGE} and ${TRIXIE_RUNTIME_IMAGE} stand-ins), ` +
  "then run the engine tests again.";

/** The outcome of one docker command. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs the Debian docker client with BuildKit on; never throws. */
export function docker(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CommandResult {
  const started = process.hrtime.bigint();
  const result = spawnSync(DOCKER, args, {
    encoding: "utf8",
    env: { ...process.env, DOCKER_BUILDKIT: "1", ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 600_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    status: result.status,
    stdout: result.stdout ?? "",
    stderr:
      (result.stderr ?? "") + (result.error ? `\n${result.error.message}` : ""),
    seconds,
  };
}

/** Runs a docker command that must succeed; the error shows its output. */
export function dockerOk(
  args: string[],
  env?: NodeJS.ProcessEnv,
): CommandResult {
  const result = docker(args, { env });
  if (result.status !== 0) {
    throw new Error(
      `${DOCKER} ${args.join(" ")} exited with ${result.status}:\n` +
        tail(`${result.stdout}\n${result.stderr}`, 60),
    );
  }
  return result;
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Checks that the engine answers and the stand-in images exist; throws an
 * error that says how to set them up otherwise.
 *
 * @param env extra environment for the client, such as DOCKER_HOST
 * @param images the local images the tests need
 */
export function checkEngine(
  env?: NodeJS.ProcessEnv,
  images: string[] = [BUILDER_IMAGE, RUNTIME_IMAGE],
): string {
  if (!existsSync(DOCKER)) {
    throw new Error(
      `The Docker engine could not be reached: ${DOCKER} does not exist. ${SETUP_HINT}`,
    );
  }
  const info = docker(["info"], { env, timeoutMs: 30_000 });
  if (info.status !== 0) {
    const output = `${info.stdout}\n${info.stderr}`;
    const reasons = output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /error|cannot|denied|no such|timed out/i.test(line));
    throw new Error(
      `The Docker engine could not be reached: \`${DOCKER} info\` exited with ` +
        `${info.status}: ${reasons.join("; ") || tail(output, 5)}\n${SETUP_HINT}`,
    );
  }
  const version = docker(["version", "--format", "{{.Server.Version}}"], {
    env,
  }).stdout.trim();
  const missing = images.filter(
    (image) => docker(["image", "inspect", image], { env }).status !== 0,
  );
  if (missing.length > 0) {
    throw new Error(
      `The Docker engine ${version} answers, but the base image(s) ` +
        `${missing.join(", ")} are missing and cannot be pulled offline. ${SETUP_HINT}`,
    );
  }
  return version;
}

let engineVersion: string | undefined;

/** checkEngine, once per test file. */
export function requireEngine(images?: string[]): string {
  engineVersion ??= checkEngine(undefined, images);
  return engineVersion;
}

/** One step of a BuildKit `--progress=plain` log. */
export interface BuildStep {
  readonly id: number;
  readonly name: string;
  readonly cached: boolean;
  readonly done: boolean;
}

/** Reads the steps, and whether each was CACHED, from a plain BuildKit log. */
export function parseBuildSteps(log: string): BuildStep[] {
  const names = new Map<number, string>();
  const cached = new Set<number>();
  const done = new Set<number>();
  for (const line of log.split("\n")) {
    const header = /^#(\d+) (\[.+)$/.exec(line);
    if (header) {
      names.set(Number(header[1]), header[2].trim());
      continue;
    }
    const status = /^#(\d+) (CACHED|DONE\b)/.exec(line);
    if (status) {
      (status[2] === "CACHED" ? cached : done).add(Number(status[1]));
    }
  }
  return [...names].map(([id, name]) => ({
    id,
    name,
    cached: cached.has(id),
    done: done.has(id),
  }));
}

/** A built image and how long it took. */
export interface BuiltImage {
  readonly tag: string;
  readonly id: string;
  readonly seconds: number;
  readonly log: string;
  readonly steps: BuildStep[];
}

/**
 * Test images, their ids and temporary folders, removed by cleanup().
 * Images are removed by tag and id without force, so an image another tag
 * shares survives.
 */
export class Scratch {
  private readonly tags = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly dirs: string[] = [];
  private readonly prefix: string;

  constructor(name: string) {
    const suffix = `${process.pid}-${Date.now().toString(36)}`;
    this.prefix = `ppd-engine-test-${name}:${suffix}`;
  }

  /** A unique image tag, such as `ppd-engine-test-hello:123-abc-cold`. */
  public tag(label: string): string {
    const tag = `${this.prefix}-${label}`;
    this.tags.add(tag);
    return tag;
  }

  /** A new empty temporary folder. */
  public dir(label: string): string {
    const dir = mkdtempSync(join(tmpdir(), `ppd-engine-${label}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** Builds a folder with its Dockerfile, offline, with a plain log. */
  public build(
    context: string,
    label: string,
    flags: string[] = [],
  ): BuiltImage {
    const tag = this.tag(label);
    const result = docker([
      "build",
      "--network",
      "none",
      "--progress=plain",
      ...flags,
      "--tag",
      tag,
      context,
    ]);
    const log = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) {
      throw new Error(
        `docker build of ${basename(context)} failed (exit ${result.status}):\n${tail(log, 60)}`,
      );
    }
    const id = dockerOk([
      "image",
      "inspect",
      "-f",
      "{{.Id}}",
      tag,
    ]).stdout.trim();
    this.ids.add(id);
    return {
      tag,
      id,
      seconds: result.seconds,
      log,
      steps: parseBuildSteps(log),
    };
  }

  /** Removes the images and folders; reports what it could not remove. */
  public cleanup(): string[] {
    const problems: string[] = [];
    for (const tag of this.tags) {
      if (docker(["image", "inspect", tag]).status === 0) {
        const result = docker(["rmi", tag]);
        if (result.status !== 0) {
          problems.push(`rmi ${tag}: ${result.stderr.trim()}`);
        }
      }
    }
    for (const id of this.ids) {
      if (docker(["image", "inspect", id]).status === 0) {
        // still tagged elsewhere (an identical build): leave it
        docker(["rmi", id]);
      }
    }
    for (const dir of this.dirs) {
      rmSync(dir, { recursive: true, force: true });
    }
    return problems;
  }
}

/** Runs an image offline; `entrypoint` replaces its command's program. */
export function runImage(
  tag: string,
  command: string[] = [],
  entrypoint?: string,
): CommandResult {
  const args = ["run", "--rm", "--network", "none"];
  if (entrypoint !== undefined) {
    args.push("--entrypoint", entrypoint);
  }
  return docker([...args, tag, ...command], { timeoutMs: 120_000 });
}

/** An image's size in bytes, as `docker image inspect` reports it. */
export function imageSize(ref: string): number {
  return Number(
    dockerOk(["image", "inspect", "-f", "{{.Size}}", ref]).stdout.trim(),
  );
}

/** Copies a folder, leaving out node_modules. */
export function copyApp(from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    filter: (source) => basename(source) !== "node_modules",
  });
}

/** Where a command in a builder stand-in runs. */
export interface BuilderRunOptions {
  /** The builder image. @default BUILDER_IMAGE */
  readonly image?: string;
  /** The container's network: "host" reaches servers on this machine. @default "none" */
  readonly network?: "none" | "host";
}

/**
 * Runs a command in `dir` (mounted as the working folder) in a builder
 * stand-in, with Poetry told not to make a venv, as the caller's user so
 * that the files it writes stay the caller's.
 */
export function runInBuilder(
  dir: string,
  command: string[],
  options: BuilderRunOptions = {},
): CommandResult {
  const user =
    typeof process.getuid === "function" && process.getuid() !== 0
      ? [
          "--user",
          `${process.getuid()}:${process.getgid!()}`,
          "--env",
          "HOME=/tmp",
        ]
      : [];
  return dockerOk([
    "run",
    "--rm",
    "--network",
    options.network ?? "none",
    ...user,
    "--env",
    "POETRY_VIRTUALENVS_CREATE=false",
    "--volume",
    `${dir}:/w`,
    "--workdir",
    "/w",
    options.image ?? BUILDER_IMAGE,
    ...command,
  ]);
}

/** Runs a Poetry command in `dir` in a builder stand-in, offline. */
export function poetryOffline(
  dir: string,
  args: string[],
  image = BUILDER_IMAGE,
): CommandResult {
  return runInBuilder(dir, ["poetry", ...args], { image });
}

/** The Poetry install commands of a stage's RUN instructions, in order. */
export function poetryCommands(stage: Stage): string[] {
  return argumentsOf(stage, "RUN")
    .map((run) => /poetry (sync|install).*$/.exec(run)?.[0])
    .filter((run): run is string => run !== undefined);
}

/**
 * Writes poetry.lock with the Poetry of a builder stand-in, offline (works
 * while the project has no dependencies from an index).
 */
export function lockOffline(dir: string, image = BUILDER_IMAGE): string {
  poetryOffline(dir, ["lock"], image);
  return readFileSync(join(dir, "poetry.lock"), "utf8");
}

/**
 * Synthesizes a PoetryDockerImage for the app in `dir`, in this process,
 * with the stand-ins' Python and Poetry; returns the Dockerfile.
 */
export function synthApp(
  dir: string,
  name: string,
  options: PoetryDockerImageOptions = {},
): string {
  const before = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = "true";
  try {
    const project = new Project({
      name,
      outdir: dir,
      logging: { level: LogLevel.OFF },
    });
    new PoetryDockerImage(project, {
      pythonVersion: PYTHON_VERSION,
      poetryVersion: POETRY_VERSION,
      ...options,
    });
    project.synth();
  } finally {
    if (before === undefined) {
      delete process.env.PROJEN_DISABLE_POST;
    } else {
      process.env.PROJEN_DISABLE_POST = before;
    }
  }
  return readFileSync(join(dir, "Dockerfile"), "utf8");
}

/** One stage of a Dockerfile: its FROM and the instructions after it. */
export interface Stage {
  readonly name: string;
  readonly image: string;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into stages with dockerfile-ast. */
export function stagesOf(text: string): Stage[] {
  const stages: { name: string; image: string; instructions: Instruction[] }[] =
    [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const args = instruction.getArguments().map((a) => a.getValue());
      const as = args.findIndex((a) => a.toUpperCase() === "AS");
      stages.push({
        name: as === -1 ? String(stages.length) : args[as + 1],
        image: args[0],
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** An instruction's flags and arguments, continuation lines joined. */
export function textOf(instruction: Instruction): string {
  const flags =
    "getFlags" in instruction
      ? (instruction as unknown as { getFlags(): { toString(): string }[] })
          .getFlags()
          .map((flag) => flag.toString())
      : [];
  return [...flags, instruction.getArgumentsContent() ?? ""].join(" ");
}

/** textOf each instruction of the stage with this keyword. */
export function argumentsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions
    .filter((i) => i.getKeyword() === keyword)
    .map(textOf);
}

/** Writes one line to the test output, past Jest's console capture. */
export function report(line: string): void {
  process.stdout.write(`[engine] ${line}\n`);
}

/** Bytes as decimal megabytes with one decimal. */
export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
