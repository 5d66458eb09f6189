import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import {
  poetryCommands,
  argumentsOf,
  lockOffline,
  report,
  requireEngine,
  runImage,
  Scratch,
  stagesOf,
  synthApp,
} from "./engine";
import type { BuiltImage, Stage } from "./engine";
import type { PoetryDockerImageOptions } from "../../src";

const AUTHORS = 'authors = ["engine test <engine@example.com>"]';
const BUILD_SYSTEM = `[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
`;

/** A local library the path-dependency apps depend on. */
const GREETING_LIB: Record<string, string> = {
  "libs/greeting/pyproject.toml": `[tool.poetry]
name = "greeting"
version = "0.1.0"
description = "A local library"
${AUTHORS}

[tool.poetry.dependencies]
python = "^3.11"

${BUILD_SYSTEM}`,
  "libs/greeting/greeting/__init__.py": `def greet(who: str) -> str:
    return f"greetings, {who}"
`,
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Generated and built variant apps, with their Dockerfile stages. */
interface Variant {
  readonly dir: string;
  readonly stages: Stage[];
  readonly image: BuiltImage;
}

describe("Dockerfiles generated in-process for variant apps, in the engine", () => {
  const scratch = new Scratch("variants");

  /** Writes the app, locks it offline, synthesizes and builds it. */
  function buildVariant(
    name: string,
    files: Record<string, string>,
    options: PoetryDockerImageOptions = {},
  ): Variant {
    const dir = scratch.dir(name);
    writeFiles(dir, files);
    lockOffline(dir);
    const dockerfile = synthApp(dir, name, options);
    const image = scratch.build(dir, name);
    report(`variant ${name}: build ${image.seconds.toFixed(1)} s`);
    return { dir, stages: stagesOf(dockerfile), image };
  }

  beforeAll(() => {
    requireEngine();
  });

  afterAll(() => {
    const problems = scratch.cleanup();
    expect(problems).toEqual([]);
  });

  test("a src-layout app builds and runs its console script from /app/src", () => {
    const { stages, image } = buildVariant("srcapp", {
      "pyproject.toml": `[tool.poetry]
name = "srcapp"
version = "0.1.0"
description = "A src-layout app"
${AUTHORS}
readme = "README.md"
packages = [{ include = "srcapp", from = "src" }]

[tool.poetry.dependencies]
python = "^3.11"

[tool.poetry.scripts]
srcapp = "srcapp.cli:main"

${BUILD_SYSTEM}`,
      "README.md": "# srcapp\n",
      "src/srcapp/__init__.py": "",
      "src/srcapp/cli.py": `def main() -> None:
    print(f"srcapp from {__file__}")
`,
    });

    const [builder, runtime] = stages;
    expect(poetryCommands(builder)).toEqual([
      "poetry install --sync --no-root",
      "poetry install --sync",
    ]);
    expect(argumentsOf(runtime, "COPY")).toContain("src/srcapp ./src/srcapp");
    expect(argumentsOf(runtime, "CMD")).toEqual(['["srcapp"]']);

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("srcapp from /app/src/srcapp/cli.py\n");
    expect(runImage(image.tag, ["id", "-u"]).stdout.trim()).toBe("10001");
  });

  test("an app without a package of its own (packages = [], as Poetry 1.3 has no package-mode) installs only its dependencies and runs", () => {
    const { stages, image } = buildVariant(
      "depsonly",
      {
        "pyproject.toml": `[tool.poetry]
name = "depsonly"
version = "0.1.0"
description = "Dependencies only"
${AUTHORS}
packages = []

[tool.poetry.dependencies]
python = "^3.11"
greeting = { path = "libs/greeting", develop = false }

${BUILD_SYSTEM}`,
        "main.py": `from greeting import greet

print(greet("dependencies only"))
`,
        ...GREETING_LIB,
      },
      { sources: ["main.py"], command: ["python", "main.py"] },
    );

    const [builder, runtime] = stages;
    expect(poetryCommands(builder)).toEqual([
      "poetry install --sync --no-root",
    ]);
    expect(argumentsOf(runtime, "COPY")).toContain("main.py ./main.py");

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("greetings, dependencies only\n");

    const root = runImage(
      image.tag,
      ["-c", "import importlib.metadata as m; m.version('depsonly')"],
      "python",
    );
    expect(root.status).not.toBe(0);
    expect(root.stderr).toMatch(/PackageNotFoundError/);
  });

  function pathApp(develop: boolean): Record<string, string> {
    return {
      "pyproject.toml": `[tool.poetry]
name = "pathapp"
version = "0.1.0"
description = "An app with a path dependency"
${AUTHORS}
packages = [{ include = "pathapp" }]

[tool.poetry.dependencies]
python = "^3.11"
greeting = { path = "libs/greeting", develop = ${develop} }

[tool.poetry.scripts]
pathapp = "pathapp.main:main"

${BUILD_SYSTEM}`,
      "pathapp/__init__.py": "",
      "pathapp/main.py": `import greeting


def main() -> None:
    print(greeting.greet("path dependency"), "from", greeting.__file__)
`,
      ...GREETING_LIB,
    };
  }

  test("a path dependency with develop = false is built into the venv and imported at runtime", () => {
    const { dir, stages, image } = buildVariant("pathdep", pathApp(false));
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toMatch(
      /develop = false/,
    );

    const [builder] = stages;
    const copies = argumentsOf(builder, "COPY");
    expect(copies.indexOf("libs/greeting ./libs/greeting")).toBeGreaterThan(-1);

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "greetings, path dependency from " +
        "/app/.venv/lib/python3.11/site-packages/greeting/__init__.py\n",
    );
  });

  test("a path dependency with develop = true is importable in the runtime image", () => {
    const { stages, image } = buildVariant("pathdevelop", pathApp(true));

    // the venv holds a .pth file naming /app/libs/greeting, so the runtime
    // stage needs the library's source at that same path
    const pth = runImage(
      image.tag,
      [
        "-c",
        "grep -hx '/app/libs/.*' /app/.venv/lib/python3.11/site-packages/*.pth",
      ],
      "sh",
    );
    expect(pth.stdout.trim()).toBe("/app/libs/greeting");
    expect(argumentsOf(stages[1], "COPY")).toContain(
      "libs/greeting ./libs/greeting",
    );

    const result = runImage(image.tag);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "greetings, path dependency from /app/libs/greeting/greeting/__init__.py\n",
    );
  });
});
