import { ProjenrcFile } from "projen";
import type { Project } from "projen";

/** The projenrc file of the project's root, for messages. */
export function projenrcOf(project: Project): string {
  return ProjenrcFile.of(project.root)?.filePath ?? "the projenrc file";
}
