import { appendFileSync, existsSync, readFileSync } from "fs";
import { join } from "path";
import {
  argumentsOf,
  BUILDER_IMAGE,
  copyApp,
  imageSize,
  mb,
  report,
  requireEngine,
  runImage,
  RUNTIME_IMAGE,
  Scratch,
  stagesOf,
  textOf,
} from "./engine";
import type { BuiltImage } from "./engine";

const EXAMPLE = join(__dirname, "..", "..", "examples", "hello");
const DEPENDENCY_INSTALL = "poetry install --sync --no-root";

describe("the bundled example examples/hello in the engine", () => {
  const scratch = new Scratch("hello");
  let app: string;
  let cold: BuiltImage;

  beforeAll(() => {
    requireEngine();
    app = join(scratch.dir("hello"), "hello");
    copyApp(EXAMPLE, app);
    // a unique comment: the dependency layers can only come from this run
    appendFileSync(
      join(app, "pyproject.toml"),
      `# engine test run ${Date.now()}\n`,
    );
    // --no-cache: a cold build even when the example was built before
    cold = scratch.build(app, "cold", ["--no-cache"]);
    report(`example cold build (--no-cache): ${cold.seconds.toFixed(1)} s`);
  });

  afterAll(() => {
    const problems = scratch.cleanup();
    expect(problems).toEqual([]);
  });

  test("the temporary copy leaves out node_modules and keeps the committed Dockerfile", () => {
    expect(existsSync(join(app, "node_modules"))).toBe(false);
    expect(existsSync(join(app, "hello", "cli.py"))).toBe(true);
    expect(readFileSync(join(app, "Dockerfile"), "utf8")).toBe(
      readFileSync(join(EXAMPLE, "Dockerfile"), "utf8"),
    );
  });

  test("the image greets the container from the venv's Python 3.11", () => {
    const result = runImage(cold.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^hello, container, from python 3\.11\.\d+ at \/app\/\.venv\/bin\/python3?\n$/,
    );
  });

  test("the container runs as uid 10001, not root", () => {
    const uid = runImage(cold.tag, ["id", "-u"]);
    expect(uid.status).toBe(0);
    expect(uid.stdout.trim()).toBe("10001");
    const gid = runImage(cold.tag, ["id", "-g"]);
    expect(gid.stdout.trim()).toBe("10001");
  });

  test("poetry is not on the runtime image", () => {
    const result = runImage(cold.tag, ["-c", "command -v poetry"], "sh");
    expect(result.stdout.trim()).toBe("");
    expect(result.status).not.toBe(0);
    const module = runImage(cold.tag, ["-c", "import poetry"], "python");
    expect(module.status).not.toBe(0);
    expect(module.stderr).toMatch(
      /ModuleNotFoundError: No module named 'poetry'/,
    );
  });

  test("the builder has a compiler and the runtime image has none", () => {
    const probe = "command -v gcc cc make || true";
    const builder = runImage(BUILDER_IMAGE, ["-c", probe], "sh");
    expect(builder.stdout).toMatch(/gcc/);
    const runtime = runImage(cold.tag, ["-c", probe], "sh");
    expect(runtime.status).toBe(0);
    expect(runtime.stdout.trim()).toBe("");
  });

  test("the runtime stage runs neither pip nor poetry and gets the venv from the builder", () => {
    const stages = stagesOf(readFileSync(join(app, "Dockerfile"), "utf8"));
    expect(stages.map((s) => `${s.name} ${s.image}`)).toEqual([
      "builder python:3.11.9-bookworm",
      `runtime ${RUNTIME_IMAGE}`,
    ]);
    const [builder, runtime] = stages;

    const runtimeRuns = argumentsOf(runtime, "RUN");
    expect(runtimeRuns.length).toBeGreaterThan(0);
    for (const run of runtimeRuns) {
      expect(run).not.toMatch(/\bpip3?\b|\bpoetry\b/);
    }
    expect(argumentsOf(runtime, "COPY")).toContain(
      "--from=builder /app/.venv /app/.venv",
    );
    expect(argumentsOf(runtime, "USER")).toEqual(["10001:10001"]);

    // the builder installs the dependencies, then the root package against
    // a stand-in of the package: it never copies the source
    const builderSteps = builder.instructions.map(
      (i) => `${i.getKeyword()} ${textOf(i)}`,
    );
    const install = builderSteps.findIndex((s) =>
      s.endsWith(DEPENDENCY_INSTALL),
    );
    const root = builderSteps.findIndex((s) =>
      s
        .replace(/\s+/g, " ")
        .endsWith(
          "mkdir -p hello && touch hello/__init__.py && poetry install --sync",
        ),
    );
    expect(install).toBeGreaterThan(-1);
    expect(root).toBeGreaterThan(install);
    expect(builderSteps).not.toContain("COPY hello ./hello");
  });

  test("the image adds little over the slim base, and the size is reported", () => {
    const size = imageSize(cold.tag);
    const base = imageSize(RUNTIME_IMAGE);
    report(
      `example image ${size} B (${mb(size)} MB), base ${RUNTIME_IMAGE} ${base} B ` +
        `(${mb(base)} MB), over base ${((size - base) / 1e3).toFixed(1)} kB`,
    );
    expect(size).toBeGreaterThan(base);
    // a venv without pip and setuptools, plus the sources: well under 1 MB
    // (pip, setuptools and wheel alone are about 10 MB)
    expect(size - base).toBeLessThan(1e6);
  });

  test("the copied venv holds neither pip nor setuptools nor wheel", () => {
    const listing = runImage(
      cold.tag,
      ["-c", "ls /app/.venv/lib/python3.11/site-packages"],
      "sh",
    );
    expect(listing.status).toBe(0);
    expect(listing.stdout).toMatch(/hello/);
    expect(listing.stdout).not.toMatch(/^(pip|setuptools|wheel)\b/m);
    const pip = runImage(cold.tag, ["-m", "pip", "--version"], "python");
    expect(pip.status).not.toBe(0);
  });

  test("after a source-only change every builder step is CACHED and only the runtime copies the sources again", () => {
    const marker = `engine test edit ${Date.now()}`;
    appendFileSync(join(app, "hello", "cli.py"), `# ${marker}\n`);
    const rebuilt = scratch.build(app, "edited");
    report(
      `example rebuild after a source change: ${rebuilt.seconds.toFixed(1)} s`,
    );

    const step = (pattern: RegExp) => {
      const found = rebuilt.steps.filter((s) => pattern.test(s.name));
      expect(found.map((s) => s.name)).toHaveLength(1);
      return found[0];
    };
    const install = step(
      /^\[builder [^\]]+\] RUN .*poetry install --sync --no-root$/,
    );
    expect(install.cached).toBe(true);
    const rootInstall = step(
      /^\[builder [^\]]+\] RUN .*touch hello\/__init__\.py .*poetry install --sync$/,
    );
    expect(rootInstall.cached).toBe(true);
    const runtimeCopy = step(/^\[runtime [^\]]+\] COPY hello \.\/hello$/);
    expect(runtimeCopy.cached).toBe(false);
    expect(runtimeCopy.done).toBe(true);

    const cli = runImage(
      rebuilt.tag,
      ["-c", "tail -n 1 /app/hello/cli.py"],
      "sh",
    );
    expect(cli.stdout.trim()).toBe(`# ${marker}`);
    expect(runImage(rebuilt.tag).stdout).toMatch(
      /^hello, container, from python 3\.11/,
    );
    expect(rebuilt.id).not.toBe(cold.id);
  });
});
