/**
 * A monorepo in the engine: a root project with two Poetry subprojects, each
 * with its own image, built by the root's docker:build-all task through the
 * real projen CLI.
 */
import { spawnSync } from "child_process";
import { mkdirSync, symlinkSync } from "fs";
import { join } from "path";
import { LogLevel, Project } from "projen";
import {
  copyApp,
  DOCKER,
  docker,
  POETRY_VERSION,
  PYTHON_VERSION,
  requireEngine,
  runImage,
  Scratch,
} from "./engine";
import { PoetryDockerImage } from "../../src";

const REPO = join(__dirname, "..", "..");
const SERVICES = ["greeter", "banner"];

describe("a monorepo in the engine", () => {
  const scratch = new Scratch("monorepo");
  const tags = SERVICES.map((name) => scratch.tag(name));
  let root: string;

  beforeAll(() => {
    requireEngine();
    root = scratch.dir("monorepo");
    for (const service of SERVICES) {
      copyApp(join(REPO, "examples", "hello"), join(root, "services", service));
    }
    process.env.PROJEN_DISABLE_POST = "true";
    const project = new Project({
      name: "shop",
      outdir: root,
      logging: { level: LogLevel.OFF },
    });
    SERVICES.forEach((name, i) => {
      const service = new Project({
        name,
        parent: project,
        outdir: `services/${name}`,
      });
      new PoetryDockerImage(service, {
        pythonVersion: PYTHON_VERSION,
        poetryVersion: POETRY_VERSION,
        env: { GREETING_NAME: name },
        imageName: tags[i],
      });
    });
    project.synth();
  });

  afterAll(() => {
    expect(scratch.cleanup()).toEqual([]);
  });

  test("npx projen docker:build-all at the root builds every subproject's image in its own folder, passing its arguments on", () => {
    // the task calls `docker`: put the engine's BuildKit-capable client first
    const bin = join(root, ".bin");
    mkdirSync(bin);
    symlinkSync(DOCKER, join(bin, "docker"));
    const result = spawnSync(
      join(REPO, "node_modules", ".bin", "projen"),
      // no bridge network on these machines, so every build fails unless
      // the arguments reach it
      ["docker:build-all", "--network", "none"],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        timeout: 600_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) {
      throw new Error(
        `docker:build-all exited with ${result.status}:\n${output}`,
      );
    }

    SERVICES.forEach((name, i) => {
      expect(docker(["image", "inspect", tags[i]]).status).toBe(0);
      const greeting = runImage(tags[i]);
      expect(greeting.stdout).toMatch(
        new RegExp(`^hello, ${name}, from python`),
      );
    });
  });
});
