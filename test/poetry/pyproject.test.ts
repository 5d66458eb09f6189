import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import {
  defaultPackage,
  moduleNameOf,
  readPyproject,
} from "../../src/poetry/pyproject";
import { tempDir } from "../integrity/projects";

describe("readPyproject", () => {
  test("reads classic [tool.poetry] metadata", () => {
    const facts = readPyproject(
      [
        "[tool.poetry]",
        'name = "hello"',
        'readme = "README.md"',
        'packages = [{ include = "app", from = "src" }, { include = "extra" }]',
        "",
        "[tool.poetry.dependencies]",
        'python = "^3.11"',
        'shared = { path = "libs/shared", develop = true }',
        'other = { path = "libs/other" }',
        "",
        "[tool.poetry.scripts]",
        'greet = "app.cli:main"',
      ].join("\n"),
      "pyproject.toml",
    );
    expect(facts).toEqual({
      file: "pyproject.toml",
      name: "hello",
      python: { constraint: "^3.11", line: 7 },
      packageMode: true,
      buildScript: false,
      packages: [
        { path: "src/app", from: "src" },
        { path: "extra", from: "" },
      ],
      readme: ["README.md"],
      scripts: ["greet"],
      pathDependencies: [
        { path: "libs/shared", develop: true },
        { path: "libs/other", develop: false },
      ],
      dependencies: [
        { name: "shared", extras: [] },
        { name: "other", extras: [] },
      ],
      groups: { poetry: [], standard: [] },
      packagesLine: 4,
    });
  });

  test("reads a PEP 621 [project] table and package-mode", () => {
    const facts = readPyproject(
      [
        "[project]",
        'name = "svc"',
        'requires-python = ">=3.10,<3.13"',
        'readme = { file = "README.rst" }',
        "[project.scripts]",
        'serve = "svc:main"',
        "[tool.poetry]",
        "package-mode = false",
      ].join("\n"),
      "pyproject.toml",
    );
    expect(facts.python).toEqual({ constraint: ">=3.10,<3.13", line: 3 });
    expect(facts.packageMode).toBe(false);
    expect(facts.readme).toEqual(["README.rst"]);
    expect(facts.scripts).toEqual(["serve"]);
    expect(facts.packages).toBeUndefined();
  });

  test("only the main group's dependencies are read, with their extras, in both metadata styles", () => {
    const facts = readPyproject(
      [
        "[project]",
        'name = "svc"',
        'dependencies = ["FastAPI[standard, all] >=0.115", "Django_Rest.Framework", "uvicorn ; python_version >= \'3.10\'"]',
        "[project.optional-dependencies]",
        'docs = ["sphinx"]',
        "[dependency-groups]",
        'test = ["pytest"]',
        "[tool.poetry.dependencies]",
        'python = "^3.12"',
        'gunicorn = { version = "^23", extras = ["gevent"] }',
        "[tool.poetry.group.dev.dependencies]",
        'ruff = "*"',
        "[tool.poetry.dev-dependencies]",
        'black = "*"',
      ].join("\n"),
      "pyproject.toml",
    );
    expect(facts.dependencies).toEqual([
      { name: "fastapi", extras: ["standard", "all"] },
      { name: "django-rest-framework", extras: [] },
      { name: "uvicorn", extras: [] },
      { name: "gunicorn", extras: ["gevent"] },
    ]);
    expect(facts.groups).toEqual({ poetry: ["dev"], standard: ["test"] });
  });

  test("invalid TOML is an error naming the file and line", () => {
    expect(() =>
      readPyproject(
        '[tool.poetry]\nname = "x"\nversion = \n',
        "pyproject.toml",
      ),
    ).toThrow(/^pyproject\.toml:3:\d+: invalid TOML: .*Fix the file/);
  });

  test("a packages entry without include is an error", () => {
    expect(() =>
      readPyproject(
        '[tool.poetry]\npackages = [{ from = "src" }]\n',
        "pyproject.toml",
      ),
    ).toThrow(/tool\.poetry\.packages\[0\] has no "include"/);
  });
});

describe("defaultPackage", () => {
  test("finds the module named after the project, at the top or under src", () => {
    const top = tempDir();
    mkdirSync(join(top, "my_app"));
    expect(defaultPackage(top, "My-App")).toEqual({ path: "my_app", from: "" });

    const src = tempDir();
    mkdirSync(join(src, "src", "my_app"), { recursive: true });
    expect(defaultPackage(src, "my-app")).toEqual({
      path: "src/my_app",
      from: "src",
    });

    const single = tempDir();
    writeFileSync(join(single, "my_app.py"), "");
    expect(defaultPackage(single, "my.app")).toEqual({
      path: "my_app.py",
      from: "",
    });
    expect(defaultPackage(tempDir(), "my-app")).toBeUndefined();
  });

  test("module names follow Poetry's normalisation", () => {
    expect(moduleNameOf("My-Cool.App")).toBe("my_cool_app");
  });
});
