import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import {
  poetryCommands,
  argumentsOf,
  lockOffline,
  poetryOffline,
  report,
  requireEngine,
  runImage,
  Scratch,
  stagesOf,
  synthApp,
  TRIXIE_BUILDER_IMAGE,
  TRIXIE_OPTIONS,
  TRIXIE_RUNTIME_IMAGE,
} from "./engine";
import type { BuiltImage, Stage } from "./engine";
import type { PoetryDockerImageOptions } from "../../src";

/**
 * The apps depend on a local library given as a wheel file. Poetry 2 builds
 * a path dependency on a folder in an isolated environment whose build
 * backend it installs from the project's package sources, which cannot be
 * reached offline; a wheel needs no build. A dependency also gives the
 * project a main group, which `--only main` names.
 */
const GREETING_WHEEL = "greeting-0.1.0-py3-none-any.whl";

const GREETING_LIB: Record<string, string> = {
  "pyproject.toml": `[project]
name = "greeting"
version = "0.1.0"
requires-python = ">=3.13"

[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`,
  "greeting/__init__.py": `def greet(who: str) -> str:
    return f"greetings, {who}"
`,
};

/** The PEP 621 lines that declare the wheel as a main dependency. */
const GREETING_DEPENDENCY = {
  project: 'dependencies = ["greeting"]',
  poetry: `[tool.poetry.dependencies]
greeting = { path = "wheels/${GREETING_WHEEL}" }
`,
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A generated and built app, with its Dockerfile stages. */
interface App {
  readonly stages: Stage[];
  readonly image: BuiltImage;
}

describe("Dockerfiles generated for Poetry 2.1.2 on the trixie stand-ins, in the engine", () => {
  const scratch = new Scratch("poetry2");
  let wheel: string;

  /** Writes the app and the wheel, locks it offline, synthesizes it. */
  function prepareApp(
    name: string,
    files: Record<string, string>,
    options: PoetryDockerImageOptions = {},
  ): { dir: string; stages: Stage[] } {
    const dir = scratch.dir(name);
    writeFiles(dir, files);
    mkdirSync(join(dir, "wheels"));
    copyFileSync(wheel, join(dir, "wheels", GREETING_WHEEL));
    lockOffline(dir, TRIXIE_BUILDER_IMAGE);
    const dockerfile = synthApp(dir, name, { ...TRIXIE_OPTIONS, ...options });
    return { dir, stages: stagesOf(dockerfile) };
  }

  function buildApp(
    name: string,
    files: Record<string, string>,
    options: PoetryDockerImageOptions = {},
  ): App {
    const { dir, stages } = prepareApp(name, files, options);
    const image = scratch.build(dir, name);
    report(`poetry2 ${name}: build ${image.seconds.toFixed(1)} s`);
    return { stages, image };
  }

  beforeAll(() => {
    requireEngine([TRIXIE_BUILDER_IMAGE, TRIXIE_RUNTIME_IMAGE]);

    const lib = scratch.dir("greeting");
    writeFiles(lib, GREETING_LIB);
    poetryOffline(lib, ["build", "--format", "wheel"], TRIXIE_BUILDER_IMAGE);
    expect(readdirSync(join(lib, "dist"))).toEqual([GREETING_WHEEL]);
    wheel = join(lib, "dist", GREETING_WHEEL);
  });

  afterAll(() => {
    const problems = scratch.cleanup();
    expect(problems).toEqual([]);
  });

  test("a PEP 621 src-layout app installs with poetry sync and runs its console script", () => {
    const { stages, image } = buildApp("pep621", {
      "pyproject.toml": `[project]
name = "hello621"
version = "0.1.0"
description = "A PEP 621 app"
requires-python = ">=3.13"
${GREETING_DEPENDENCY.project}

[project.scripts]
hello621 = "hello621.cli:main"

[tool.poetry]
packages = [{ include = "hello621", from = "src" }]

${GREETING_DEPENDENCY.poetry}
[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`,
      "src/hello621/__init__.py": "",
      "src/hello621/cli.py": `import greeting


def main() -> None:
    print(greeting.greet("pep 621"), "from", __file__)
    print("greeting from", greeting.__file__)
`,
    });

    const [builder, runtime] = stages;
    expect([builder.image, runtime.image]).toEqual([
      TRIXIE_BUILDER_IMAGE,
      TRIXIE_RUNTIME_IMAGE,
    ]);
    expect(poetryCommands(builder)).toEqual([
      "poetry sync --no-root",
      "poetry sync",
    ]);
    expect(argumentsOf(builder, "COPY")).toContain(
      `wheels/${GREETING_WHEEL} ./wheels/${GREETING_WHEEL}`,
    );
    expect(argumentsOf(runtime, "COPY")).toContain(
      "src/hello621 ./src/hello621",
    );
    expect(argumentsOf(runtime, "CMD")).toEqual(['["hello621"]']);

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "greetings, pep 621 from /app/src/hello621/cli.py\n" +
        "greeting from /app/.venv/lib/python3.13/site-packages/greeting/__init__.py\n",
    );
    expect(runImage(image.tag, ["id", "-u"]).stdout.trim()).toBe("10001");
  });

  test("a package-mode = false app installs only its dependencies and runs main.py", () => {
    const { stages, image } = buildApp(
      "scriptapp",
      {
        "pyproject.toml": `[project]
name = "scriptapp"
version = "0.1.0"
requires-python = ">=3.13"
${GREETING_DEPENDENCY.project}

[tool.poetry]
package-mode = false

${GREETING_DEPENDENCY.poetry}`,
        "main.py": `import sys

from greeting import greet

print(greet("script app"), "on", sys.version.split()[0])
`,
      },
      { sources: ["main.py"], command: ["python", "main.py"] },
    );

    const [builder, runtime] = stages;
    expect(poetryCommands(builder)).toEqual(["poetry sync --no-root"]);
    expect(argumentsOf(runtime, "COPY")).toContain("main.py ./main.py");
    expect(argumentsOf(runtime, "CMD")).toEqual(['["python", "main.py"]']);

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("greetings, script app on 3.13.5\n");

    const root = runImage(
      image.tag,
      ["-c", "import importlib.metadata as m; m.version('scriptapp')"],
      "python",
    );
    expect(root.status).not.toBe(0);
    expect(root.stderr).toMatch(/PackageNotFoundError/);
  });

  test("an app without main-group dependencies and with a dev group builds, since the install names no group Poetry 2 would refuse", () => {
    const name = "nodeps";
    const dir = scratch.dir(name);
    writeFiles(dir, {
      "pyproject.toml": `[project]
name = "nodeps"
version = "0.1.0"
requires-python = ">=3.13"

[tool.poetry]
package-mode = false

[tool.poetry.group.dev.dependencies]
`,
      "main.py": 'if __name__ == "__main__":\n    print("no dependencies")\n',
    });
    lockOffline(dir, TRIXIE_BUILDER_IMAGE);
    // no command: main.py, the one script with a __main__ guard, is run
    const dockerfile = synthApp(dir, name, TRIXIE_OPTIONS);
    expect(poetryCommands(stagesOf(dockerfile)[0])).toEqual([
      "poetry sync --without dev --no-root",
    ]);
    const image = scratch.build(dir, name);
    const result = runImage(image.tag);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("no dependencies\n");
  });
});
