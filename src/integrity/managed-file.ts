import type { IConstruct } from "constructs";
import { FileBase } from "projen";
import type { IResolver } from "projen";
import { checksumOf } from "./checksum";
import { DriftCheck } from "./drift-check";
import { MANAGED_FILE } from "./managed-file-symbol";
import { markerLine } from "./marker";
import { projenrcOf } from "./projenrc-name";

/** Options of a drift-checked file. */
export interface ManagedFileOptions {
  /**
   * The characters that start a comment in this kind of file; the marker
   * line is such a comment.
   *
   * @default "#"
   */
  readonly commentPrefix?: string;

  /**
   * What a user can do to take this file over, shown in the drift report
   * next to the file. Name the option that stops the library managing it.
   *
   * @default - advice to remove the file's construct from the projenrc
   */
  readonly takeOverHint?: string;

  /**
   * Whether the file is committed to git.
   *
   * @default true
   */
  readonly committed?: boolean;
}

/**
 * A generated file that carries a checksum of its content in its marker
 * line. Before anything is written, a synth verifies every managed file on
 * disk against its own checksum, and stops if one was edited by hand.
 *
 * Subclasses return the file's content through `renderBody`, and any lines
 * that must come before the marker through `renderPreamble`.
 */
export abstract class ManagedFile extends FileBase {
  /** Whether `x` is a managed file. */
  public static isManagedFile(x: unknown): x is ManagedFile {
    return (
      typeof x === "object" &&
      x !== null &&
      (x as Record<symbol, unknown>)[MANAGED_FILE] === true
    );
  }

  /** What the drift report advises to take this file over. */
  public readonly takeOverHint: string;

  private readonly commentPrefix: string;
  private cachedContent?: string;

  constructor(
    scope: IConstruct,
    filePath: string,
    options: ManagedFileOptions = {},
  ) {
    super(scope, filePath, {
      committed: options.committed ?? true,
      readonly: true,
      marker: true,
    });
    Object.defineProperty(this, MANAGED_FILE, { value: true });
    this.commentPrefix = options.commentPrefix ?? "#";
    this.takeOverHint =
      options.takeOverHint ??
      `remove what creates ${filePath} from ${projenrcOf(this.project)}`;
    DriftCheck.of(this.project);
  }

  /**
   * The full content this synth writes: preamble, marker line with the
   * checksum of everything else, then the body. Rendered once per synth.
   */
  public generatedContent(): string {
    if (this.cachedContent === undefined) {
      this.cachedContent = this.assemble();
    }
    return this.cachedContent;
  }

  public postSynthesize(): void {
    this.cachedContent = undefined;
  }

  /**
   * Lines that must precede the marker line, such as a Dockerfile's parser
   * directives.
   */
  protected renderPreamble(): string[] {
    return [];
  }

  /** The file's content after the marker line. */
  protected abstract renderBody(): string;

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    return this.generatedContent();
  }

  private assemble(): string {
    const preamble = this.renderPreamble();
    let body = this.renderBody();
    if (!body.endsWith("\n")) {
      body += "\n";
    }
    const checksum = checksumOf([...preamble, body].join("\n"));
    const marker = markerLine(this.commentPrefix, this.marker ?? "", checksum);
    return [...preamble, marker, body].join("\n");
  }
}
