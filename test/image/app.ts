import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
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
