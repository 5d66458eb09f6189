import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { LogLevel, Project, Testing, typescript } from "projen";
import { PoetryDockerImage } from "../../src";
import type { PoetryDockerImageOptions } from "../../src";
import { tempDir } from "../integrity/projects";

/** A temporary app folder holding the given files. */
export function appDir(files: Record<string, string>): string {
  const dir = tempDir("ppd-app-");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A small packaged Poetry app with one console script. */
export const HELLO = {
  "pyproject.toml": [
    "[tool.poetry]",
    'name = "hello"',
    'version = "0.1.0"',
    'readme = "README.md"',
    "",
    "[tool.poetry.dependencies]",
    'python = "^3.11"',
    "",
    "[tool.poetry.scripts]",
    'greet = "hello.cli:main"',
    "",
  ].join("\n"),
  "README.md": "# hello\n",
  "hello/__init__.py": "",
  "hello/cli.py": "def main():\n    print('hi')\n",
};

/** HELLO's files with its pyproject.toml changed by `edit`. */
export function helloWith(
  edit: (pyproject: string) => string,
): Record<string, string> {
  return { ...HELLO, "pyproject.toml": edit(HELLO["pyproject.toml"]) };
}

/** HELLO's files with `line` added to its [tool.poetry] table. */
export function helloWithPoetryLine(line: string): Record<string, string> {
  return helloWith((p) =>
    p.replace('readme = "README.md"', `readme = "README.md"\n${line}`),
  );
}

/**
 * Synthesizes a project holding `files` with the construct, in memory; the
 * marker names .projenrc.ts, as in the examples.
 */
export function synthApp(
  files: Record<string, string>,
  options: PoetryDockerImageOptions = {},
): Record<string, string> {
  process.env.PROJEN_DISABLE_POST = "true";
  const project = new Project({
    name: "hello",
    outdir: appDir(files),
    logging: { level: LogLevel.OFF },
  });
  new typescript.ProjenrcTs(project);
  new PoetryDockerImage(project, options);
  return Testing.synth(project);
}
