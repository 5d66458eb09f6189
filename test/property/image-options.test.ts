import { existsSync, rmSync } from "fs";
import { join } from "path";
import type { Instruction } from "dockerfile-ast";
import fc from "fast-check";
import {
  copyPaths,
  dockerWord,
  execArgs,
  flags,
  pairs,
  readInstructions,
  runCommand,
} from "./docker-reading";
import { hostileString, nearlyPlainString, notAString } from "./hostile";
import { expectRefusal } from "./refusals";
import { GENERATED, renderImage } from "./synth";
import type { PoetryDockerImageOptions } from "../../src";
import { GENERATED_FILES } from "../../src/image/validate-options";
import { appDir, HELLO } from "../image/app";

const anyText = fc.oneof(hostileString, nearlyPlainString, fc.string());
const SHELL_WORD = /^[A-Za-z0-9_+.:=~\/-]+$/;
const DIGEST = fc.stringMatching(/^sha256:[a-f0-9]{64}$/);

/** One option: values to try, a plain value of the same shape, a check. */
interface OptionCase {
  readonly name: keyof PoetryDockerImageOptions;
  readonly values: fc.Arbitrary<any>;
  readonly plain: (value: any) => any;
  /** A value the option must write, and one it must refuse. */
  readonly benign: unknown;
  readonly hostile: unknown;
  readonly readBack: (image: WrittenImage, value: any) => void;
}

/** The rendered files, with the Dockerfile split into its stages. */
interface WrittenImage {
  readonly files: Record<string, string>;
  readonly buildCommand: string;
  readonly builder: Instruction[];
  readonly runtime: Instruction[];
}

function written(
  files: Record<string, string>,
  buildCommand: string,
): WrittenImage {
  const all = files.Dockerfile ? readInstructions(files.Dockerfile) : [];
  const second = all.findIndex((i, n) => n > 0 && i.getKeyword() === "FROM");
  return {
    files,
    buildCommand,
    builder: all.slice(0, second),
    runtime: all.slice(second),
  };
}

function only(instructions: Instruction[], keyword: string): Instruction[] {
  return instructions.filter((i) => i.getKeyword() === keyword);
}

function image(instruction: Instruction): string {
  return instruction.getArguments()[0].getValue();
}

function aptCommand(packages: string[]): string {
  return [
    "apt-get update",
    `apt-get install -y --no-install-recommends ${[...packages].sort().join(" ")}`,
    "rm -rf /var/lib/apt/lists/*",
  ].join("     && ");
}

function checkPackages(stage: Instruction[], packages: string[]): void {
  const run = only(stage, "RUN").map(runCommand);
  if (packages.length === 0) {
    expect(run.some((r) => r.includes("apt-get"))).toBe(false);
    return;
  }
  expect(run).toContain(aptCommand(packages));
  for (const name of packages) {
    expect(name).toMatch(SHELL_WORD);
  }
}

const CASES: OptionCase[] = [
  {
    name: "pythonVersion",
    benign: "3.12.7",
    hostile: "3.12.7\nRUN evil",
    values: fc.oneof(
      anyText,
      notAString,
      fc.constantFrom("3.12.7", "3.10.4", "3.99.1"),
    ),
    plain: () => "3.12.7",
    readBack: ({ builder, runtime }, v) => {
      expect(image(builder[0])).toBe(`python:${v}-bookworm`);
      expect(image(runtime[0])).toBe(`python:${v}-slim-bookworm`);
    },
  },
  {
    name: "debianRelease",
    benign: "trixie",
    hostile: "bookworm\nRUN evil",
    values: fc.oneof(anyText, notAString, fc.stringMatching(/^[a-z]{3,16}$/)),
    plain: () => "bookworm",
    readBack: ({ builder, runtime }, v) => {
      expect(image(builder[0])).toBe(`python:3.14.0-${v}`);
      expect(image(runtime[0])).toBe(`python:3.14.0-slim-${v}`);
    },
  },
  {
    name: "poetryVersion",
    benign: "2.1.2",
    hostile: "2.2.1\nRUN evil",
    values: fc.oneof(
      anyText,
      fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}(?:\.[0-9]{1,2})?$/),
    ),
    plain: () => "2.2.1",
    readBack: ({ builder }, v) => {
      const install = only(builder, "RUN").map(runCommand)[0];
      expect(install.split(/\s+&&\s+/)[0]).toBe(
        `python -m pip install "poetry==${v}"`,
      );
      expect(v).toMatch(/^[0-9.]+$/);
    },
  },
  ...(["command", "healthcheck"] as const).map((name): OptionCase => ({
    name,
    benign: ["app", "--port", "8000"],
    hostile: ["app\nRUN evil"],
    values: fc.oneof(fc.array(anyText, { maxLength: 3 }), notAString),
    plain: (v: string[]) => v.map((_, i) => `arg${i}`),
    readBack: ({ runtime }, v) => {
      const keyword = name === "command" ? "CMD" : "HEALTHCHECK";
      const [last] = only(runtime, keyword).slice(-1);
      const text = last.getRawArgumentsContent()!.replace(/^CMD /, "");
      expect(execArgs(text)).toEqual(v);
    },
  })),
  {
    name: "port",
    benign: 8080,
    hostile: 70000,
    values: fc.oneof(
      fc.integer({ min: -5, max: 70000 }),
      fc.double(),
      notAString,
    ),
    plain: () => 8080,
    readBack: ({ runtime }, v) => {
      expect(only(runtime, "EXPOSE")[0].getRawArgumentsContent()).toBe(`${v}`);
    },
  },
  ...(["env", "labels"] as const).map((name): OptionCase => ({
    name,
    benign: { A: "b c $d" },
    hostile: { A: "b\nRUN evil" },
    values: fc.dictionary(
      fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,8}$/), anyText),
      fc.oneof(anyText, notAString),
      { minKeys: 1, maxKeys: 3 },
    ),
    plain: (v: Record<string, string>) =>
      Object.fromEntries(Object.keys(v).map((_, i) => [`K${i}`, "v"])),
    readBack: ({ runtime }, v) => {
      const keyword = name === "env" ? "ENV" : "LABEL";
      const [last] = only(runtime, keyword).slice(-1);
      expect(pairs(last)).toEqual(Object.entries(v));
    },
  })),
  {
    name: "baseImageRepository",
    benign: "mirror.example.com/library/python",
    hostile: "python\nRUN evil",
    values: fc.oneof(
      anyText,
      fc.constantFrom("mirror.example.com:5000/library/python", "python:5000"),
      fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)?(?:\/[a-z0-9]+)?$/),
    ),
    plain: () => "python",
    readBack: ({ builder, runtime }, v) => {
      // a registry port needs a path after it, or the tag is read as a port
      expect(v.split("/").pop()).not.toContain(":");
      expect(image(builder[0])).toBe(`${v}:3.14.0-bookworm`);
      expect(image(runtime[0])).toBe(`${v}:3.14.0-slim-bookworm`);
    },
  },
  ...(["builderImageDigest", "runtimeImageDigest"] as const).map(
    (name): OptionCase => ({
      name,
      benign: `sha256:${"a".repeat(64)}`,
      hostile: "sha256:abc",
      values: fc.oneof(
        anyText,
        DIGEST,
        DIGEST.map((d) => `${d}\nRUN x`),
      ),
      plain: () => `sha256:${"a".repeat(64)}`,
      readBack: ({ builder, runtime }, v) => {
        const stage = name === "builderImageDigest" ? builder : runtime;
        expect(image(stage[0])).toMatch(/^python:3\.14\.0-[a-z-]+@/);
        expect(image(stage[0]).split("@")[1]).toBe(v);
      },
    }),
  ),
  ...(["builderPackages", "runtimePackages"] as const).map(
    (name): OptionCase => ({
      name,
      benign: ["libpq5"],
      hostile: ["libpq5; rm -rf /"],
      values: fc.array(
        fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9+.-]{1,10}$/), anyText),
        { maxLength: 3 },
      ),
      plain: (v: string[]) => (v.length === 0 ? [] : ["libpq5"]),
      readBack: ({ builder, runtime }, v) => {
        const [own, other] =
          name === "builderPackages" ? [builder, runtime] : [runtime, builder];
        checkPackages(own, v);
        // the other stage installs none of them: build tools stay out of
        // the runtime image
        checkPackages(other, []);
      },
    }),
  ),
  {
    name: "user",
    benign: "web",
    hostile: "app\nRUN evil",
    values: fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,10}$/), anyText),
    plain: () => "app",
    readBack: ({ runtime }, v) => {
      const command = only(runtime, "RUN").map(runCommand).join("\n");
      expect(command).toContain(`groupadd --system --gid 10001 ${v}     && `);
      expect(command).toMatch(new RegExp(`/usr/sbin/nologin ${v}$`));
      expect(v).toMatch(SHELL_WORD);
    },
  },
  {
    name: "uid",
    benign: 10002,
    hostile: 0,
    values: fc.oneof(
      fc.integer({ min: -5, max: 2 ** 31 + 5 }),
      fc.double(),
      notAString,
    ),
    plain: () => 10001,
    readBack: ({ runtime }, v) => {
      expect(only(runtime, "USER")[0].getRawArgumentsContent()).toBe(
        `${v}:${v}`,
      );
    },
  },
  {
    name: "workdir",
    benign: "/srv/app",
    hostile: "/srv\nRUN evil",
    values: fc.oneof(
      fc.stringMatching(/^\/[a-z0-9_.\/-]{0,12}$/),
      anyText.map((t) => `/${t}`),
      anyText,
    ),
    plain: () => "/srv",
    readBack: ({ builder, runtime }, v) => {
      for (const stage of [builder, runtime]) {
        const [workdir] = only(stage, "WORKDIR");
        expect(dockerWord(workdir.getRawArgumentsContent()!)).toBe(v);
      }
      const venv = only(runtime, "COPY")[0];
      expect([flags(venv), copyPaths(venv)]).toEqual([
        ["from=builder"],
        [`${v}/.venv`, `${v}/.venv`],
      ]);
    },
  },
  {
    name: "sources",
    benign: ["hello"],
    hostile: ["app\nRUN evil"],
    values: fc.array(
      fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_.\/-]{0,10}$/), anyText),
      { minLength: 1, maxLength: 3 },
    ),
    plain: (v: string[]) => v.map((_, i) => `s${i}`),
    readBack: ({ runtime }, v) => {
      const copies = only(runtime, "COPY").slice(1).map(copyPaths);
      expect(copies).toEqual(v.map((s: string) => [s, `./${s}`]));
    },
  },
  {
    name: "imageName",
    benign: "shop/api:1.0",
    hostile: "x:latest\nRUN evil",
    values: fc.oneof(
      fc.stringMatching(/^[a-z0-9]+(?:\/[a-z0-9]+)?(?::[a-z0-9.]+)?$/),
      anyText,
    ),
    plain: () => "x:latest",
    readBack: ({ buildCommand }, v) => {
      expect(buildCommand).toBe(`docker build --tag ${v} .`);
      expect(v).toMatch(SHELL_WORD);
    },
  },
  {
    name: "unmanagedFiles",
    benign: ["Dockerfile"],
    hostile: ["Dockerfile\nRUN evil"],
    values: fc.array(fc.oneof(fc.constantFrom(...GENERATED_FILES), anyText), {
      maxLength: 2,
    }),
    plain: (v: string[]) => v,
    readBack: ({ files }, v) => {
      for (const file of GENERATED_FILES) {
        expect([file, file in files]).toEqual([file, !v.includes(file)]);
      }
    },
  },
];

let dir: string;
beforeAll(() => {
  dir = appDir(HELLO);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Instruction keywords of a render with plain values, by their JSON. */
const baselines = new Map<string, string[]>();

function baselineKeywords(options: PoetryDockerImageOptions): string[] {
  const key = JSON.stringify(options);
  if (!baselines.has(key)) {
    const { files, error } = renderImage(dir, options);
    if (error !== undefined) throw error;
    baselines.set(key, keywordsOf(files!));
  }
  return baselines.get(key)!;
}

function keywordsOf(files: Record<string, string>): string[] {
  return files.Dockerfile
    ? readInstructions(files.Dockerfile).map((i) => i.getKeyword())
    : [];
}

describe("PoetryDockerImage with hostile option values", () => {
  test.each(CASES.map((c) => [c.name, c]))(
    "%s is either refused by name or written back exactly",
    (_name, option) => {
      const check = (value: unknown): "refused" | "written" => {
        const { files, buildCommand, error } = renderImage(dir, {
          [option.name]: value,
        });
        if (error !== undefined) {
          expectRefusal(error, option.name, valuesIn(value));
          return "refused";
        }
        const plain = { [option.name]: option.plain(value) };
        expect(keywordsOf(files!)).toEqual(baselineKeywords(plain));
        option.readBack(written(files!, buildCommand!), value);
        return "written";
      };
      // a benign value is written and a hostile one refused, whatever the
      // random draw holds
      expect(check(option.benign)).toBe("written");
      expect(check(option.hostile)).toBe("refused");
      fc.assert(
        fc.property(option.values, (value) => {
          check(value);
        }),
        { numRuns: 100 },
      );
      // rendering in memory leaves the project folder as it was
      expect(GENERATED.filter((f) => existsSync(join(dir, f)))).toEqual([]);
    },
  );
});

/** The values inside an option value, one of which a refusal quotes. */
function valuesIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.length === 0 ? [] : value;
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flat();
  }
  return [value];
}
