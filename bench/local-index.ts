/**
 * A package index on this machine for part 3: a folder of wheels with
 * PEP 503 "simple" pages, served by `python3 -m http.server` on 127.0.0.1.
 * Builds reach it with `docker build --network host`. The server's access
 * log tells which wheels each build fetched.
 */
import { spawn, spawnSync } from "child_process";
import type { ChildProcess } from "child_process";
import {
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from "fs";
import { join } from "path";
import type { Wheel } from "./bench-wheels";

/** How long the server may take to say which port it listens on. */
const START_TIMEOUT_MS = 10_000;

/** A position in the access log, from which fetches are counted. */
export type LogMark = number;

/** A local PEP 503 index; `start()` it, and `stop()` it in a finally. */
export class LocalIndex {
  private readonly wheels = new Map<string, Wheel>();
  private server: ChildProcess | undefined;
  private port: number | undefined;

  /** @param root an empty folder the index is written to */
  constructor(private readonly root: string) {}

  /** Publishes wheels: copies them and rewrites their projects' pages. */
  public add(wheels: readonly Wheel[]): void {
    mkdirSync(join(this.root, "files"), { recursive: true });
    for (const wheel of wheels) {
      copyFileSync(wheel.path, join(this.root, "files", wheel.file));
      this.wheels.set(wheel.file, wheel);
    }
    for (const name of new Set(wheels.map((w) => w.name))) {
      this.writePage(name);
    }
  }

  /** The index URL for a `[[tool.poetry.source]]`, once started. */
  public get url(): string {
    if (this.port === undefined) {
      throw new Error("the local index has not been started");
    }
    return `http://127.0.0.1:${this.port}/simple/`;
  }

  /** Starts the server on a free port of 127.0.0.1. */
  public start(): void {
    const python = pythonExecutable();
    const out = openSync(join(this.root, "server.out"), "a");
    const log = openSync(this.logPath, "a");
    this.server = spawn(
      python,
      ["-u", "-m", "http.server", "--bind", "127.0.0.1", "0"],
      { cwd: this.root, stdio: ["ignore", out, log] },
    );
    this.port = this.waitForPort();
  }

  /** Stops the server it started, if any. */
  public stop(): void {
    if (this.server?.pid !== undefined && this.server.exitCode === null) {
      this.server.kill();
    }
    this.server = undefined;
  }

  /** The current end of the access log. */
  public mark(): LogMark {
    return this.accessLog().length;
  }

  /** The wheels fetched (HTTP 200) since a mark, in order. */
  public fetchedSince(mark: LogMark): Wheel[] {
    const fetched: Wheel[] = [];
    const log = this.accessLog().subarray(mark).toString("utf8");
    for (const match of log.matchAll(
      /"GET \/files\/(\S+) HTTP\/[\d.]+" 200/g,
    )) {
      const wheel = this.wheels.get(match[1]);
      if (wheel !== undefined) {
        fetched.push(wheel);
      }
    }
    return fetched;
  }

  private get logPath(): string {
    return join(this.root, "access.log");
  }

  private accessLog(): Buffer {
    return readFileSync(this.logPath);
  }

  private writePage(name: string): void {
    const links = [...this.wheels.values()]
      .filter((wheel) => wheel.name === name)
      .map(
        (w) =>
          `<a href="../../files/${w.file}#sha256=${w.sha256}">${w.file}</a><br>`,
      );
    mkdirSync(join(this.root, "simple", name), { recursive: true });
    writeFileSync(
      join(this.root, "simple", name, "index.html"),
      [
        "<!DOCTYPE html>",
        `<html><head><title>Links for ${name}</title></head><body>`,
        ...links,
        "</body></html>",
        "",
      ].join("\n"),
    );
  }

  /** Polls the server's "Serving HTTP on ... port N" line. */
  private waitForPort(): number {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const out = readFileSync(join(this.root, "server.out"), "utf8");
      const match = / port (\d+) /.exec(out);
      if (match) {
        return Number(match[1]);
      }
      sleep(50);
    }
    this.stop();
    throw new Error(
      `python3 -m http.server did not start in ${this.root} within ${
        START_TIMEOUT_MS / 1000
      } s: ${readFileSync(this.logPath, "utf8").trim() || "no output"}`,
    );
  }
}

/**
 * The real interpreter behind `python3`: a wrapper script on PATH (such as
 * pyenv's shims) would otherwise be the process that `stop()` ends, leaving
 * the server running.
 */
function pythonExecutable(): string {
  const result = spawnSync(
    "python3",
    ["-c", "import sys; print(sys.executable)"],
    { encoding: "utf8" },
  );
  if (result.status !== 0 || result.stdout.trim() === "") {
    throw new Error(
      `The local index needs python3 on the host: ${
        result.error?.message ?? result.stderr.trim()
      }`,
    );
  }
  return result.stdout.trim();
}

/** Blocks this thread; the benchmark runs everything synchronously. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
