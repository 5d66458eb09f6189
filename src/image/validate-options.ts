import { isNeverCopied } from "./ignore-patterns";
import type { PoetryDockerImageOptions } from "./image-options";
import {
  isSupportedPoetry,
  parsePoetryVersion,
} from "../poetry/poetry-commands";

/** Files the construct writes, which `unmanagedFiles` may name. */
export const GENERATED_FILES = ["Dockerfile", ".dockerignore", "poetry.toml"];

const PYTHON_VERSION = /^3\.\d{1,2}\.\d{1,3}$/;
const DEBIAN_RELEASE = /^[a-z]{3,16}$/;
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+:~-]+)?$/;
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
// a registry port must be followed by a path, or Docker reads it as a tag
const REPOSITORY =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+(?=\/))?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const IMAGE_NAME =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a value is a string that one Dockerfile line can hold. */
const isOneLine = (value: unknown) =>
  typeof value === "string" &&
  !CONTROL.test(value) &&
  !LONE_SURROGATE.test(value);

type Check = (options: PoetryDockerImageOptions) => string[];

/** A value as a message shows it; JSON would print Infinity and NaN as null. */
const show = (value: unknown) =>
  typeof value === "number" ? String(value) : JSON.stringify(value);

function pattern(
  name: keyof PoetryDockerImageOptions,
  regex: RegExp,
  expected: string,
): Check {
  return (options) => {
    const value = options[name];
    if (
      value === undefined ||
      (typeof value === "string" && regex.test(value))
    ) {
      return [];
    }
    return [`${name} ${show(value)} is invalid; expected ${expected}.`];
  };
}

function eachOf(
  name: keyof PoetryDockerImageOptions,
  valid: (item: string) => boolean,
  expected: string,
): Check {
  return (options) =>
    ((options[name] as string[] | undefined) ?? [])
      .filter((item) => typeof item !== "string" || !valid(item))
      .map(
        (item) =>
          `${name} entry ${show(item)} is invalid; expected ${expected}.`,
      );
}

function keysOf(
  name: "env" | "labels",
  keyPattern: RegExp,
  expected: string,
): Check {
  return (options) =>
    Object.entries(options[name] ?? {}).flatMap(([key, value]) => {
      const problems: string[] = [];
      if (!keyPattern.test(key)) {
        problems.push(
          `${name} key ${show(key)} is invalid; expected ${expected}.`,
        );
      }
      if (!isOneLine(value)) {
        problems.push(
          `${name}.${key} value ${show(value)} is invalid; expected a string on one line, of valid Unicode.`,
        );
      }
      return problems;
    });
}

function poetryVersion(options: PoetryDockerImageOptions): string[] {
  const value = options.poetryVersion;
  if (value === undefined) return [];
  const release = parsePoetryVersion(value);
  if (release === undefined) {
    return [
      `poetryVersion ${show(value)} is invalid; expected a pinned version such as "2.2.1".`,
    ];
  }
  if (!isSupportedPoetry(release)) {
    return [
      `poetryVersion ${show(value)} is too old; Poetry 1.2 or newer is needed.`,
    ];
  }
  return [];
}

function port(options: PoetryDockerImageOptions): string[] {
  const value = options.port;
  if (
    value === undefined ||
    (Number.isInteger(value) && value >= 1 && value <= 65535)
  ) {
    return [];
  }
  return [
    `port ${show(value)} is invalid; expected an integer from 1 to 65535.`,
  ];
}

function uid(options: PoetryDockerImageOptions): string[] {
  const value = options.uid;
  if (
    value === undefined ||
    (Number.isInteger(value) && value >= 1 && value <= 2147483647)
  ) {
    return [];
  }
  return [
    `uid ${show(value)} is invalid; expected a positive integer (0 would be root).`,
  ];
}

function workdir(options: PoetryDockerImageOptions): string[] {
  const value = options.workdir;
  if (value === undefined) return [];
  const ok =
    typeof value === "string" &&
    /^\/[A-Za-z0-9_./-]*$/.test(value) &&
    !value.split("/").includes("..");
  return ok
    ? []
    : [
        `workdir ${show(value)} is invalid; expected an absolute path without "..", such as "/app".`,
      ];
}

function execArgs(name: "command" | "healthcheck"): Check {
  return (options) => {
    const value = options[name];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.length === 0) {
      return [
        `${name} ${show(value)} is invalid; expected a non-empty list of strings, such as ["myapp"].`,
      ];
    }
    return value
      .filter((arg) => !isOneLine(arg))
      .map(
        (arg) =>
          `${name} argument ${show(arg)} is invalid; expected a string on one line, of valid Unicode.`,
      );
  };
}

function unmanagedFiles(options: PoetryDockerImageOptions): string[] {
  return (options.unmanagedFiles ?? [])
    .filter((file) => !GENERATED_FILES.includes(file))
    .map(
      (file) =>
        `unmanagedFiles entry ${show(file)} is not a file this construct writes; expected one of ${GENERATED_FILES.join(", ")}.`,
    );
}

function sources(options: PoetryDockerImageOptions): string[] {
  return (options.sources ?? [])
    .filter(
      (source) =>
        typeof source !== "string" ||
        !/^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/.test(source) ||
        source.split("/").includes(".."),
    )
    .map(
      (source) =>
        `sources entry ${show(source)} is invalid; expected a relative path inside the project, without "..".`,
    );
}

function secretSources(options: PoetryDockerImageOptions): string[] {
  return (options.sources ?? [])
    .filter((source) => typeof source === "string" && isNeverCopied(source))
    .map(
      (source) =>
        `sources entry ${show(source)} is a secret or version-control path, which ` +
        "never goes into the image; pass secrets at run time or as BuildKit secrets.",
    );
}

const CHECKS: Check[] = [
  pattern("pythonVersion", PYTHON_VERSION, 'a pinned version such as "3.12.7"'),
  pattern(
    "debianRelease",
    DEBIAN_RELEASE,
    'a Debian codename such as "bookworm"',
  ),
  poetryVersion,
  execArgs("command"),
  execArgs("healthcheck"),
  port,
  keysOf(
    "env",
    ENV_NAME,
    "letters, digits and underscores, not starting with a digit",
  ),
  keysOf("labels", LABEL_KEY, 'a key such as "org.opencontainers.image.title"'),
  pattern(
    "baseImageRepository",
    REPOSITORY,
    'an image repository such as "python"',
  ),
  pattern("builderImageDigest", DIGEST, '"sha256:" and 64 hex digits'),
  pattern("runtimeImageDigest", DIGEST, '"sha256:" and 64 hex digits'),
  eachOf(
    "builderPackages",
    (p) => DEBIAN_PACKAGE.test(p),
    'a Debian package name such as "libpq-dev"',
  ),
  eachOf(
    "runtimePackages",
    (p) => DEBIAN_PACKAGE.test(p),
    'a Debian package name such as "libpq5"',
  ),
  pattern("user", USER_NAME, 'a lowercase user name such as "app"'),
  uid,
  workdir,
  sources,
  secretSources,
  unmanagedFiles,
  pattern("imageName", IMAGE_NAME, 'an image name such as "my-app:latest"'),
];

/** Every problem with the options, each naming the option and the value. */
export function validateOptions(options: PoetryDockerImageOptions): string[] {
  return CHECKS.flatMap((check) => check(options));
}

const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)/i;

/**
 * Warnings for `env` names that look like secrets: an ENV value is stored
 * in the image, readable by anyone who can pull it.
 */
export function secretWarnings(options: PoetryDockerImageOptions): string[] {
  return Object.keys(options.env ?? {})
    .filter((name) => SECRET_NAME.test(name))
    .map(
      (name) =>
        `env.${name} looks like a secret, and ENV values are stored in the image ` +
        "for anyone who can pull it. Pass it when the container starts " +
        "(docker run --env-file), or to a build step as a BuildKit secret " +
        "(RUN --mount=type=secret), and remove it from env.",
    );
}
