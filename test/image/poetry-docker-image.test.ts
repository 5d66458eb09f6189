import { existsSync, readdirSync } from "fs";
import { join } from "path";
import ignore from "@balena/dockerignore";
import { DockerfileParser } from "dockerfile-ast";
import { LogLevel, Project } from "projen";
import { appDir, HELLO, helloWithPoetryLine, synthApp as synth } from "./app";
import { PoetryDockerImage } from "../../src";
import { diagnostics } from "../dockerfile/parse";

/** The build-context sources of every COPY without --from. */
function copySources(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile)
    .getInstructions()
    .filter(
      (i) =>
        i.getKeyword() === "COPY" &&
        !i.getRawArgumentsContent()!.startsWith("--from"),
    )
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    );
}

describe("PoetryDockerImage", () => {
  test("builder and runtime come from one Python version", () => {
    const dockerfile = synth(HELLO, { pythonVersion: "3.12.7" }).Dockerfile;
    expect(dockerfile).toContain("FROM python:3.12.7-bookworm AS builder");
    expect(dockerfile).toContain("FROM python:3.12.7-slim-bookworm AS runtime");
  });

  test("derives Python from pyproject.toml and writes Poetry 2 commands by default", () => {
    const dockerfile = synth(HELLO).Dockerfile;
    expect(dockerfile).toContain("FROM python:3.14.0-bookworm AS builder");
    expect(dockerfile).toContain('python -m pip install "poetry==2.2.1"');
    expect(dockerfile).toContain("poetry sync --no-root");
  });

  test("installs the dependencies, then the root package against a stand-in of its package, so the builder never copies the source", () => {
    const dockerfile = synth(HELLO, { pythonVersion: "3.12.7" }).Dockerfile;
    const builder = dockerfile.slice(0, dockerfile.indexOf("AS runtime"));
    const order = [
      "COPY pyproject.toml poetry.lock poetry.toml ./",
      "poetry sync --no-root",
      "COPY README.md ./README.md",
      "mkdir -p hello && touch hello/__init__.py \\\n    && poetry sync\n",
    ];
    const positions = order.map((s) => builder.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(builder).not.toContain("COPY hello");
  });

  test("stand-ins of a src layout, a single module and a name the shell would read are written safely", () => {
    const files = {
      ...helloWithPoetryLine(
        'packages = [{ include = "hello", from = "src" }, { include = "tool.py" }, { include = "odd name;x" }]',
      ),
      "src/hello/__init__.py": "",
      "tool.py": "",
      "odd name;x/__init__.py": "",
    };
    const dockerfile = synth(files, { pythonVersion: "3.12.7" }).Dockerfile;
    expect(dockerfile).toContain(
      "mkdir -p src/hello && touch src/hello/__init__.py \\\n" +
        "    && touch tool.py \\\n" +
        "    && mkdir -p 'odd name;x' && touch 'odd name;x'/__init__.py \\\n" +
        "    && poetry sync\n",
    );
  });

  test("with a build script the root package is installed from the copied source", () => {
    const files = helloWithPoetryLine('build = "build.py"');
    const dockerfile = synth(files, { pythonVersion: "3.12.7" }).Dockerfile;
    const builder = dockerfile.slice(0, dockerfile.indexOf("AS runtime"));
    expect(builder).not.toContain("touch");
    expect(builder).toMatch(/COPY hello \.\/hello\n.* poetry sync\n/);
  });

  test("a glob in packages is refused, since COPY would flatten what it matches", () => {
    const files = helloWithPoetryLine('packages = [{ include = "hel*" }]');
    expect(() => synth(files, { pythonVersion: "3.12.7" })).toThrow(
      /pyproject\.toml:5: package "hel\*" is a glob, which a COPY instruction cannot copy folder by folder; list each package/,
    );
  });

  test("the runtime stage runs no pip or Poetry and ends as a non-root user", () => {
    const dockerfile = synth(HELLO, {
      pythonVersion: "3.12.7",
      port: 8080,
    }).Dockerfile;
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).not.toMatch(/RUN .*(pip|poetry)/);
    expect(runtime).toContain("USER 10001:10001");
    expect(runtime).toContain("EXPOSE 8080");
    expect(runtime).toMatch(/CMD \["greet"\]\n$/);
    expect(diagnostics(dockerfile)).toEqual([]);
  });

  test("a src layout and a path dependency are copied before they are needed", () => {
    const pyproject = HELLO["pyproject.toml"]
      .replace(
        'readme = "README.md"',
        'packages = [{ include = "hello", from = "src" }]',
      )
      .replace(
        'python = "^3.11"',
        'python = "^3.11"\nshared = { path = "libs/shared", develop = true }',
      );
    const dockerfile = synth(
      {
        "pyproject.toml": pyproject,
        "src/hello/__init__.py": "",
        "libs/shared/pyproject.toml": "",
      },
      { pythonVersion: "3.12.7" },
    ).Dockerfile;
    expect(dockerfile.indexOf("COPY libs/shared ./libs/shared")).toBeLessThan(
      dockerfile.indexOf("--no-root"),
    );
    expect(dockerfile).toContain("COPY src/hello ./src/hello");
    // editable: the runtime needs the source the venv points at
    expect(dockerfile.slice(dockerfile.indexOf("AS runtime"))).toContain(
      "COPY libs/shared ./libs/shared",
    );
  });

  test("a package-mode = false project installs no root package", () => {
    const dockerfile = synth(
      {
        "pyproject.toml":
          '[tool.poetry]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.12"\n',
      },
      { command: ["python", "-m", "http.server"] },
    ).Dockerfile;
    expect(dockerfile).toContain("poetry sync --no-root");
    expect(dockerfile).not.toContain("poetry sync\n");
  });

  test("package-mode = false with Poetry older than 1.8 is refused", () => {
    expect(() =>
      synth(
        {
          "pyproject.toml":
            '[tool.poetry]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.11"\n',
        },
        { command: ["python", "main.py"], poetryVersion: "1.3.2" },
      ),
    ).toThrow(
      /package-mode = false needs Poetry 1\.8 or newer, but poetryVersion is 1\.3\.2/,
    );
  });

  test("packages = [] installs no root package and copies no readme", () => {
    const dockerfile = synth(helloWithPoetryLine("packages = []"), {
      pythonVersion: "3.12.7",
    }).Dockerfile;
    expect(dockerfile).not.toContain("COPY README.md");
    expect(dockerfile).not.toContain("poetry sync\n");
  });

  test("the .dockerignore hides no file the Dockerfile copies, even a package named build", () => {
    const files = {
      ...helloWithPoetryLine(
        'packages = [{ include = "build" }, { include = "hello" }]',
      ),
      "build/__init__.py": "",
    };
    const out = synth(files, { pythonVersion: "3.12.7" });
    const matcher = ignore().add(out[".dockerignore"].split("\n"));
    const sources = copySources(out.Dockerfile);
    expect(sources).toEqual(
      expect.arrayContaining([
        "pyproject.toml",
        "poetry.lock",
        "poetry.toml",
        "README.md",
        "build",
        "hello",
      ]),
    );
    for (const source of sources) {
      expect([source, matcher.ignores(source)]).toEqual([source, false]);
    }
    for (const secret of [
      ".env",
      ".env.production",
      ".git/config",
      ".venv/bin/python",
      "hello/__pycache__/cli.cpython-312.pyc",
      "build/__pycache__/x.pyc",
    ]) {
      expect([secret, matcher.ignores(secret)]).toEqual([secret, true]);
    }
  });

  test("bad options are refused before any file joins the project", () => {
    const project = new Project({
      name: "x",
      outdir: appDir(HELLO),
      logging: { level: LogLevel.OFF },
    });
    expect(
      () => new PoetryDockerImage(project, { port: 99999, pythonVersion: "3" }),
    ).toThrow(
      /PoetryDockerImage: 2 problems to fix[\s\S]*pythonVersion "3" is invalid[\s\S]*port 99999 is invalid/,
    );
    expect(project.tryFindFile("Dockerfile")).toBeUndefined();
  });

  test.each([
    [
      { "pyproject.toml": "[tool.poetry]\nname = 'x'\n" },
      {},
      /pyproject\.toml declares no Python version/,
    ],
    [
      HELLO,
      { pythonVersion: "3.10.4" },
      /pythonVersion 3\.10\.4 does not satisfy the Python constraint "\^3\.11" at pyproject\.toml:7/,
    ],
    [
      {
        ...HELLO,
        "pyproject.toml": HELLO["pyproject.toml"].replace("^3.11", "<3.8"),
      },
      {},
      /no supported Python .* satisfies "<3\.8" at pyproject\.toml:7/,
    ],
    [
      { "pyproject.toml": HELLO["pyproject.toml"] },
      {},
      /package "hello" does not exist/,
    ],
    [
      {
        ...HELLO,
        "pyproject.toml": HELLO["pyproject.toml"].replace(
          '[tool.poetry.scripts]\ngreet = "hello.cli:main"',
          "",
        ),
      },
      {},
      /the container needs a command: pyproject\.toml declares no console scripts/,
    ],
    [
      {
        ...HELLO,
        "pyproject.toml": HELLO["pyproject.toml"].replace(
          'python = "^3.11"',
          'python = "^3.11"\nlib = { path = "../lib" }',
        ),
      },
      {},
      /path dependency "\.\.\/lib" lies outside the project directory/,
    ],
    [{ "README.md": "" }, {}, /no pyproject\.toml in .*; add one/],
  ])(
    "pyproject problems name the file and what to do (%#)",
    (files, options, message) => {
      expect(() => synth(files as Record<string, string>, options)).toThrow(
        message,
      );
    },
  );

  test.each([
    [
      HELLO["pyproject.toml"].replace("^3.11", ">=three"),
      /pyproject\.toml:7: cannot read the version constraint ">=three"; use a constraint such as ">=3\.11,<3\.14"/,
    ],
    [
      HELLO["pyproject.toml"].replace('name = "hello"', ""),
      /pyproject\.toml has no project name; add \[project\] name or \[tool\.poetry\] name/,
    ],
    [
      HELLO["pyproject.toml"].replace(
        'readme = "README.md"',
        'packages = [{ include = "../outside" }]',
      ),
      /pyproject\.toml: package "\.\.\/outside" lies outside the project directory, the Docker build context; move it inside the project/,
    ],
    [
      HELLO["pyproject.toml"].replace(
        'greet = "hello.cli:main"',
        'greet = "hello.cli:main"\nwave = "hello.cli:main"',
      ),
      /the container needs a command: pyproject\.toml declares several console scripts \(greet, wave\) and no web framework was found; set the command option/,
    ],
  ])(
    "a refused pyproject.toml names the problem and leaves the folder as it was (%#)",
    (pyproject, message) => {
      const dir = appDir({ ...HELLO, "pyproject.toml": pyproject });
      const before = readdirSync(dir).sort();
      process.env.PROJEN_DISABLE_POST = "true";
      const project = new Project({
        name: "hello",
        outdir: dir,
        logging: { level: LogLevel.OFF },
      });
      new PoetryDockerImage(project);
      expect(() => project.synth()).toThrow(message);
      expect(readdirSync(dir).sort()).toEqual(before);
      for (const file of ["Dockerfile", ".dockerignore", "poetry.toml"]) {
        expect([file, existsSync(join(dir, file))]).toEqual([file, false]);
      }
    },
  );

  test("refused options leave the folder as it was, even after a synth", () => {
    const dir = appDir(HELLO);
    const before = readdirSync(dir).sort();
    process.env.PROJEN_DISABLE_POST = "true";
    const project = new Project({
      name: "hello",
      outdir: dir,
      logging: { level: LogLevel.OFF },
    });
    expect(
      () => new PoetryDockerImage(project, { env: { K: "a\nRUN evil" } }),
    ).toThrow(/env\.K value "a\\nRUN evil" is invalid/);
    expect(readdirSync(dir).sort()).toEqual(before);
    // the project itself still synthesizes, without the construct's files
    project.synth();
    for (const file of ["Dockerfile", ".dockerignore", "poetry.toml"]) {
      expect([file, existsSync(join(dir, file))]).toEqual([file, false]);
    }
  });
});
