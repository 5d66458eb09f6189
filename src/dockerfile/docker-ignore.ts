import type { IConstruct } from "constructs";
import { assertSingleLine } from "./escaping";
import { ManagedFile } from "../integrity/managed-file";
import type { ManagedFileOptions } from "../integrity/managed-file";

/** Options of a generated .dockerignore. */
export interface DockerIgnoreOptions extends ManagedFileOptions {
  /**
   * Patterns to keep out of the build context.
   *
   * @default - none
   */
  readonly exclude?: string[];
}

/**
 * A drift-checked .dockerignore. Patterns keep their order, since a later
 * `!pattern` re-includes what an earlier one excluded; adding a pattern
 * again moves it to the end.
 *
 * @see https://docs.docker.com/build/concepts/context/#dockerignore-files
 */
export class DockerIgnore extends ManagedFile {
  private readonly patterns: string[] = [];

  constructor(
    scope: IConstruct,
    filePath = ".dockerignore",
    options: DockerIgnoreOptions = {},
  ) {
    super(scope, filePath, options);
    this.exclude(...(options.exclude ?? []));
  }

  /** Keeps files matching the patterns out of the build context. */
  public exclude(...patterns: string[]): void {
    for (const pattern of patterns) {
      this.addPattern(pattern);
    }
  }

  /** Brings files matching the patterns back into the context. */
  public include(...patterns: string[]): void {
    for (const pattern of patterns) {
      this.addPattern(`!${pattern}`);
    }
  }

  /** The patterns, in order. */
  public get lines(): string[] {
    return [...this.patterns];
  }

  protected renderBody(): string {
    return this.patterns.join("\n") + "\n";
  }

  private addPattern(pattern: string): void {
    assertSingleLine(pattern, `${this.path} pattern`);
    if (pattern.trim() === "" || pattern.startsWith("#")) {
      throw new Error(
        `${this.path}: pattern ${JSON.stringify(pattern)} is empty or a comment.`,
      );
    }
    // the last matching pattern wins: a repeated pattern moves to the end
    const earlier = this.patterns.indexOf(pattern);
    if (earlier !== -1) {
      this.patterns.splice(earlier, 1);
    }
    this.patterns.push(pattern);
  }
}
