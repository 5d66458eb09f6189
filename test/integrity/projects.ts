import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LogLevel, Project } from "projen";

/** A new temporary folder. */
export function tempDir(prefix = "ppd-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A quiet projen project writing into `outdir`. */
export function quietProject(outdir: string, name = "app"): Project {
  process.env.PROJEN_DISABLE_POST = "true";
  return new Project({ name, outdir, logging: { level: LogLevel.OFF } });
}
