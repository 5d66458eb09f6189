import type { IConstruct } from "constructs";
import { assertSingleLine } from "./escaping";
import { DockerfileStage } from "./stage";
import type { DockerfileStageOptions } from "./stage";
import type { ManagedFileOptions } from "../integrity/managed-file";
import { ManagedFile } from "../integrity/managed-file";

/** Options of a generated Dockerfile. */
export interface DockerfileOptions extends ManagedFileOptions {
  /**
   * Parser directives written before everything else, such as
   * `{ check: "error=true" }` for `# check=error=true`. A `syntax`
   * directive makes the build fetch a frontend image, which needs a
   * registry.
   *
   * @see https://docs.docker.com/reference/dockerfile/#parser-directives
   * @default - none
   */
  readonly directives?: Record<string, string>;
}

// no `escape`: the instructions are written with backslash escapes and
// continuations, which another escape character would change the meaning of
const DIRECTIVE_NAMES = new Set(["syntax", "check"]);

function checkDirectives(
  filePath: string,
  directives: Record<string, string>,
): Record<string, string> {
  for (const [name, value] of Object.entries(directives)) {
    if (!DIRECTIVE_NAMES.has(name)) {
      throw new Error(
        `${filePath}: parser directive ${JSON.stringify(name)} is unknown; ` +
          "use syntax or check.",
      );
    }
    assertSingleLine(value, `${filePath}: parser directive ${name}`);
  }
  return { ...directives };
}

/**
 * A drift-checked Dockerfile built from stages. Parser directives stay on
 * the first lines, before the marker line.
 */
export class Dockerfile extends ManagedFile {
  private readonly stages: DockerfileStage[] = [];
  private readonly directives: Record<string, string>;

  constructor(
    scope: IConstruct,
    filePath: string,
    options: DockerfileOptions = {},
  ) {
    // checked before the file joins the project, so a refusal leaves no trace
    const directives = checkDirectives(filePath, options.directives ?? {});
    super(scope, filePath, options);
    this.directives = directives;
  }

  /** Adds a build stage after the existing ones. */
  public addStage(options: DockerfileStageOptions): DockerfileStage {
    const stage = new DockerfileStage(options);
    if (stage.name && this.stages.some((s) => s.name === stage.name)) {
      throw new Error(
        `${this.path}: a stage named "${stage.name}" already exists.`,
      );
    }
    this.stages.push(stage);
    return stage;
  }

  protected renderPreamble(): string[] {
    return Object.entries(this.directives).map(
      ([name, value]) => `# ${name}=${value}`,
    );
  }

  protected renderBody(): string {
    if (this.stages.length === 0) {
      throw new Error(`${this.path} has no stages; add one with addStage().`);
    }
    return this.stages.map((stage) => stage.render()).join("\n\n") + "\n";
  }
}
