/**
 * Looks inside built images with public tools only: `docker image inspect`,
 * `docker run` with the image's own Python or sh, and `docker save` with tar.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { dockerOk, runImage } from "../test/engine/engine";

/**
 * Bytes of regular files under each top-level entry of the venv's
 * site-packages, and of the whole venv; symlinks count nothing.
 */
const SITE_PACKAGES_PROBE = `
import glob, json, os
def size(path):
    if os.path.islink(path):
        return 0
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total
entries = {}
for site in glob.glob("/app/.venv/lib/python*/site-packages"):
    for name in os.listdir(site):
        entries[name] = size(os.path.join(site, name))
print(json.dumps({"entries": entries, "venv": size("/app/.venv")}))
`;

/** What the venv of an image holds, in bytes. */
export interface VenvContents {
  /** Each top-level entry of site-packages. */
  readonly entries: Record<string, number>;
  /** The whole `/app/.venv`. */
  readonly venv: number;
}

/** Measures `/app/.venv` inside the image with the image's own Python. */
export function venvContents(tag: string): VenvContents {
  const result = runImage(tag, ["-c", SITE_PACKAGES_PROBE], "python");
  if (result.status !== 0) {
    throw new Error(`the venv probe failed in ${tag}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as VenvContents;
}

/** Names under /app a runtime image should not hold (lock, tests, caches). */
const UNWANTED = [
  "poetry.lock",
  "pyproject.toml",
  "tests",
  "test",
  "__pycache__",
  "*.pyc",
  ".pytest_cache",
  ".mypy_cache",
  ".cache",
  ".git",
  ".venv/.cache",
];

/**
 * Files under /app that a runtime image should not hold, outside the venv's
 * site-packages, plus `/root/.cache` when present.
 */
export function unwantedFiles(tag: string): string[] {
  const names = UNWANTED.filter((n) => !n.includes("/"))
    .map((n) => `-name '${n}'`)
    .join(" -o ");
  const script =
    `find /app -path '/app/.venv/lib' -prune -o \\( ${names} \\) -print; ` +
    "[ -e /app/.venv/.cache ] && echo /app/.venv/.cache; " +
    "[ -e /root/.cache ] && echo /root/.cache; true";
  const result = runImage(tag, ["-c", script], "sh");
  return result.stdout.split("\n").filter((line) => line !== "");
}

/** `find /app -maxdepth 2` inside the image, sorted. */
export function appListing(tag: string): string[] {
  const result = runImage(tag, ["-c", "find /app -maxdepth 2"], "sh");
  return result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .sort();
}

/** An image layer the image adds over its base, with the files it writes. */
export interface AddedLayer {
  readonly bytes: number;
  readonly files: string[];
}

/** The layers over the base and the paths written by more than one. */
export interface LayerCheck {
  readonly layers: AddedLayer[];
  readonly writtenTwice: string[];
}

/**
 * Saves the image with `docker save`, lists each layer it adds over `base`
 * with tar, and finds files that more than one added layer writes.
 */
export function layerCheck(tag: string, base: string): LayerCheck {
  const baseLayers = rootfsLayers(base).length;
  const dir = mkdtempSync(join(tmpdir(), "ppd-bench-save-"));
  try {
    const archive = join(dir, "image.tar");
    dockerOk(["save", "--output", archive, tag]);
    tar(["-xf", archive, "-C", dir, "manifest.json"]);
    const manifest = JSON.parse(
      readFileSync(join(dir, "manifest.json"), "utf8"),
    ) as { Layers: string[] }[];
    const added = manifest[0].Layers.slice(baseLayers);
    const layers = added.map((layer) => listLayer(archive, dir, layer));
    return { layers, writtenTwice: pathsInSeveral(layers) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rootfsLayers(ref: string): string[] {
  const out = dockerOk([
    "image",
    "inspect",
    "-f",
    "{{json .RootFS.Layers}}",
    ref,
  ]).stdout;
  return JSON.parse(out) as string[];
}

function listLayer(archive: string, dir: string, layer: string): AddedLayer {
  tar(["-xf", archive, "-C", dir, layer]);
  const listing = tar(["-tvf", join(dir, layer)]);
  const files: string[] = [];
  let bytes = 0;
  for (const line of listing.split("\n")) {
    // mode owner size date time path: directories are not writes of content
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6 || line.startsWith("d")) {
      continue;
    }
    bytes += Number(fields[2]) || 0;
    files.push(fields.slice(5).join(" "));
  }
  return { bytes, files };
}

function pathsInSeveral(layers: readonly AddedLayer[]): string[] {
  const seen = new Map<string, number>();
  for (const layer of layers) {
    for (const file of new Set(layer.files)) {
      seen.set(file, (seen.get(file) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, count]) => count > 1).map(([file]) => file);
}

function tar(args: string[]): string {
  const result = spawnSync("tar", args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`tar ${args.join(" ")} failed: ${result.stderr}`);
  }
  return result.stdout;
}
