/**
 * Part 4a: the whole-process time of `projen` (the real CLI, which runs
 * `.projenrc.js`) for a project with and without PoetryDockerImage, in
 * alternating runs, timed with `/usr/bin/time -f %e`.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { median } from "./stats";
import { writePoetryApp } from "./synth-app";

const TIME = "/usr/bin/time";

/** Part 4a's figures. */
export interface ProcessFigures {
  readonly without: number[];
  readonly with: number[];
  /** Each run's with/without ratio, pairing the runs in order. */
  readonly ratios: number[];
  readonly medianRatio: number;
}

/**
 * Compiles `src/` with tsc into `libDir`, inside the repository so that
 * the compiled library resolves projen and its other dependencies.
 */
export function compileLibrary(repo: string, libDir: string): void {
  const tsc = join(repo, "node_modules", ".bin", "tsc");
  const result = spawnSync(
    tsc,
    [
      "-p",
      join(repo, "tsconfig.json"),
      "--outDir",
      libDir,
      "--declaration",
      "false",
    ],
    { encoding: "utf8", cwd: repo },
  );
  if (result.status !== 0) {
    throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
  }
}

/** Runs both projects `runs` times each, alternating which goes first. */
export function measureProcess(
  repo: string,
  workDir: string,
  libDir: string,
  runs: number,
): ProcessFigures {
  if (!existsSync(TIME)) {
    throw new Error(`${TIME} is missing: install it with apt-get install time`);
  }
  const dirs = [false, true].map((withImage) =>
    writeProject(
      join(workDir, withImage ? "with" : "without"),
      libDir,
      withImage,
    ),
  );
  const projen = join(repo, "node_modules", "projen", "bin", "projen");
  dirs.forEach(bootstrap);
  if (!existsSync(join(dirs[1], "Dockerfile"))) {
    throw new Error(`the component wrote no Dockerfile in ${dirs[1]}`);
  }

  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      times[which].push(timeProjen(projen, dirs[which]));
    }
  }
  const ratios = times[1].map((t, i) => t / times[0][i]);
  return {
    without: times[0],
    with: times[1],
    ratios,
    medianRatio: median(ratios),
  };
}

/** A projen project whose .projenrc.js adds the image or not. */
function writeProject(dir: string, libDir: string, withImage: boolean): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writePoetryApp(dir, "synthcost");
  const lines = [
    'const { Project, javascript } = require("projen");',
    withImage
      ? `const { PoetryDockerImage } = require(${JSON.stringify(libDir)});`
      : "",
    'const project = new Project({ name: "synthcost" });',
    "new javascript.Projenrc(project);",
    withImage
      ? 'new PoetryDockerImage(project, { pythonVersion: "3.11.9", poetryVersion: "1.3.2" });'
      : "",
    "project.synth();",
  ];
  writeFileSync(
    join(dir, ".projenrc.js"),
    lines.filter((l) => l !== "").join("\n") + "\n",
  );
  return dir;
}

/**
 * The first synth, as \`projen new\` does it: runs .projenrc.js with node,
 * which writes the "default" task (\`node .projenrc.js\`) the CLI runs.
 */
function bootstrap(dir: string): void {
  const result = spawnSync(process.execPath, [".projenrc.js"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PROJEN_DISABLE_POST: "true" },
  });
  if (result.status !== 0) {
    throw new Error(`.projenrc.js failed in ${dir}:\n${result.stderr}`);
  }
}

/** The wall time of one `projen --no-post` run, from /usr/bin/time. */
function timeProjen(projen: string, dir: string): number {
  const result = spawnSync(
    TIME,
    ["-f", "%e", process.execPath, projen, "--no-post"],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PROJEN_DISABLE_POST: "true" },
    },
  );
  const lines = (result.stderr ?? "").trim().split("\n");
  if (result.status !== 0 || !existsSync(join(dir, ".projen", "tasks.json"))) {
    throw new Error(
      `projen failed in ${dir}:\n${result.stdout}${result.stderr}`,
    );
  }
  return Number(lines[lines.length - 1]);
}
