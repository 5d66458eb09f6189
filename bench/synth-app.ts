/**
 * A minimal Poetry app on disk (pyproject.toml, poetry.lock, one package),
 * for the synth-cost measurements; no Docker needed.
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";

/** Writes the app `name` into `dir`, with a package of the same name. */
export function writePoetryApp(dir: string, name: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(
    join(dir, "pyproject.toml"),
    [
      "[tool.poetry]",
      `name = "${name}"`,
      'version = "0.1.0"',
      'description = "A synth-cost app"',
      'authors = ["bench <bench@example.com>"]',
      `packages = [{ include = "${name}" }]`,
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      "",
      "[tool.poetry.scripts]",
      `${name} = "${name}.cli:main"`,
      "",
      "[build-system]",
      'requires = ["poetry-core>=1.0.0"]',
      'build-backend = "poetry.core.masonry.api"',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "poetry.lock"),
    'package = []\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\n',
  );
  writeFileSync(join(dir, name, "__init__.py"), "");
  writeFileSync(
    join(dir, name, "cli.py"),
    `def main() -> None:\n    print("${name}")\n`,
  );
}
