import ignore from "@balena/dockerignore";
import { LogLevel, Project } from "projen";
import { appDir, HELLO, helloWith, helloWithPoetryLine, synthApp } from "./app";
import { PoetryDockerImage } from "../../src";
import { validateOptions } from "../../src/image/validate-options";

describe("what may enter the build context", () => {
  test("sources naming a secret or version control are refused", () => {
    expect(
      validateOptions({ sources: [".env", ".git/config", "app"] }),
    ).toEqual([
      'sources entry ".env" is a secret or version-control path, which never goes into the image; pass secrets at run time or as BuildKit secrets.',
      'sources entry ".git/config" is a secret or version-control path, which never goes into the image; pass secrets at run time or as BuildKit secrets.',
    ]);
  });

  test.each([
    [
      'packages = [{ include = ".env" }]',
      /pyproject\.toml: package "\.env" is a secret or version-control path/,
    ],
    [
      'packages = [{ include = "/" }]',
      /pyproject\.toml: package "\/" lies outside the project directory/,
    ],
    [
      'packages = [{ include = "./" }]',
      /pyproject\.toml: package "\.\/" is the whole project directory/,
    ],
    [
      'packages = [{ include = "app" }]',
      /pyproject\.toml:5: package "app" does not exist in .*; create it or fix tool\.poetry\.packages/,
    ],
    [
      'packages = [{ include = "a$HOME" }]',
      /pyproject\.toml: package "a\$HOME": "a\$HOME" contains "\$"/,
    ],
  ])(
    "a pyproject.toml with %s is refused, naming the file",
    (line, message) => {
      expect(() => synthApp(helloWithPoetryLine(line))).toThrow(message);
    },
  );

  test("an app's top-level module whose name Docker would expand is refused, naming it", () => {
    const files = {
      "pyproject.toml":
        '[tool.poetry]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.12"\n',
      "a$b.py": 'if __name__ == "__main__":\n    pass\n',
    };
    expect(() => synthApp(files)).toThrow(
      /runtime source "a\$b\.py": "a\$b\.py" contains "\$"/,
    );
  });

  test("a readme outside the project is refused, naming the file", () => {
    const files = helloWith((p) =>
      p.replace('readme = "README.md"', 'readme = "../README.md"'),
    );
    expect(() => synthApp(files)).toThrow(
      /pyproject\.toml: readme "\.\.\/README\.md" lies outside the project directory/,
    );
  });

  test("a console script name with a line break is refused, naming the file", () => {
    const files = helloWith((p) =>
      p.replace("greet = ", '"greet\\nRUN curl evil" = '),
    );
    expect(() => synthApp(files)).toThrow(
      /pyproject\.toml: console script "greet\\nRUN curl evil" contains a line break/,
    );
  });

  test("secrets inside a re-included package folder stay out of the context", () => {
    const files = {
      ...helloWithPoetryLine('packages = [{ include = "build" }]'),
      "build/__init__.py": "",
    };
    const out = synthApp(files, { pythonVersion: "3.12.7", command: ["x"] });
    const matcher = ignore().add(out[".dockerignore"].split("\n"));
    expect(matcher.ignores("build/__init__.py")).toBe(false);
    for (const secret of ["build/.env", "build/id.pem", "build/.git/HEAD"]) {
      expect([secret, matcher.ignores(secret)]).toEqual([secret, true]);
    }
  });

  test("an env name that looks like a secret is written, with a warning that points to BuildKit secrets", () => {
    const project = new Project({
      name: "hello",
      outdir: appDir(HELLO),
      logging: { level: LogLevel.OFF },
    });
    const warn = jest.spyOn(project.logger, "warn");
    new PoetryDockerImage(project, {
      env: { API_TOKEN: "x", DB_PASSWORD: "y", GREETING: "hi" },
    });
    expect(warn.mock.calls.map((c) => c.join(" "))).toEqual([
      expect.stringMatching(
        /^env\.API_TOKEN looks like a secret.*RUN --mount=type=secret/,
      ),
      expect.stringMatching(/^env\.DB_PASSWORD looks like a secret/),
    ]);
  });
});
