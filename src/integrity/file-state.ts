import { existsSync, readFileSync } from "fs";
import { checksumOf } from "./checksum";
import { findMarker, withoutLine } from "./marker";

/** What the drift check found at a managed file's path. */
export enum FileState {
  /** The file matches the checksum in its own marker line. */
  INTACT = "intact",

  /** The file was changed after it was generated. */
  EDITED = "edited",

  /** No file is there; the synth writes it. */
  MISSING = "missing",

  /** A file is there without a marker: it was written by hand. */
  NOT_MANAGED = "not managed",

  /**
   * A file with projen's plain marker and no checksum: projen wrote it before
   * this library managed it, and projen would overwrite it anyway.
   */
  ADOPTED = "adopted",
}

/** The states in which a synth may go on and write the file. */
export const WRITABLE_STATES: ReadonlySet<FileState> = new Set([
  FileState.INTACT,
  FileState.MISSING,
  FileState.ADOPTED,
]);

/** Classifies the content of a file found at a managed path. */
export function stateOfContent(content: string): FileState {
  const marker = findMarker(content);
  if (marker === undefined) {
    return FileState.NOT_MANAGED;
  }
  if (marker.checksum === undefined) {
    return FileState.ADOPTED;
  }
  const actual = checksumOf(withoutLine(content, marker.line));
  return actual === marker.checksum ? FileState.INTACT : FileState.EDITED;
}

/** What is on disk at a managed path, and its state. */
export interface FileOnDisk {
  readonly state: FileState;

  /** The file's content, when there is a file. */
  readonly content?: string;
}

/** Reads and classifies the file at an absolute path. */
export function inspectFile(absolutePath: string): FileOnDisk {
  if (!existsSync(absolutePath)) {
    return { state: FileState.MISSING };
  }
  const content = readFileSync(absolutePath, "utf8");
  return { state: stateOfContent(content), content };
}
