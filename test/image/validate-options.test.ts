import { validateOptions } from "../../src/image/validate-options";

describe("validateOptions", () => {
  test("good options have no problems", () => {
    expect(
      validateOptions({
        pythonVersion: "3.12.7",
        debianRelease: "bookworm",
        poetryVersion: "2.1.3",
        command: ["greet"],
        port: 8080,
        env: { KEY: "value" },
        labels: { "org.opencontainers.image.title": "x" },
        builderPackages: ["libpq-dev"],
        runtimePackages: ["libpq5"],
        user: "app",
        uid: 10001,
        workdir: "/srv/app",
        unmanagedFiles: ["Dockerfile"],
        imageName: "my-app:1.0",
      }),
    ).toEqual([]);
  });

  test("a registry port needs a path after it, or Docker would read it as the tag", () => {
    expect(
      validateOptions({
        baseImageRepository: "mirror.example.com:5000/python",
      }),
    ).toEqual([]);
    expect(validateOptions({ baseImageRepository: "python:5000" })).toEqual([
      'baseImageRepository "python:5000" is invalid; expected an image repository such as "python".',
    ]);
  });

  test("reports every problem at once, each naming the option and value", () => {
    const problems = validateOptions({
      pythonVersion: "3.12\nRUN evil",
      poetryVersion: "1.1.15",
      port: 0,
      command: [],
      env: { "1BAD": "x", OK: "line\nbreak" },
      builderPackages: ["libpq-dev; curl evil"],
      uid: 0,
      workdir: "/app/../etc",
      unmanagedFiles: ["README.md"],
      sources: ["../secrets"],
    });
    expect(problems).toEqual([
      'pythonVersion "3.12\\nRUN evil" is invalid; expected a pinned version such as "3.12.7".',
      'poetryVersion "1.1.15" is too old; Poetry 1.2 or newer is needed.',
      'command [] is invalid; expected a non-empty list of strings, such as ["myapp"].',
      "port 0 is invalid; expected an integer from 1 to 65535.",
      'env key "1BAD" is invalid; expected letters, digits and underscores, not starting with a digit.',
      'env.OK value "line\\nbreak" is invalid; expected a string on one line, of valid Unicode.',
      'builderPackages entry "libpq-dev; curl evil" is invalid; expected a Debian package name such as "libpq-dev".',
      "uid 0 is invalid; expected a positive integer (0 would be root).",
      'workdir "/app/../etc" is invalid; expected an absolute path without "..", such as "/app".',
      'sources entry "../secrets" is invalid; expected a relative path inside the project, without "..".',
      'unmanagedFiles entry "README.md" is not a file this construct writes; expected one of Dockerfile, .dockerignore, poetry.toml.',
    ]);
  });

  test("every other option's refusal names the option, the value and what is accepted", () => {
    const problems = validateOptions({
      debianRelease: "Bookworm 12",
      poetryVersion: "2.x",
      command: ["ok", "two\nlines"],
      healthcheck: ["curl", "\ud800"],
      labels: { "bad key": "x", ok: "a\rb" },
      baseImageRepository: "Python",
      builderImageDigest: "sha256:abc",
      runtimeImageDigest: "md5:" + "a".repeat(64),
      runtimePackages: ["libpq5 && curl evil"],
      user: "Root",
      imageName: "my app",
      port: Infinity,
    });
    expect(problems).toEqual([
      'debianRelease "Bookworm 12" is invalid; expected a Debian codename such as "bookworm".',
      'poetryVersion "2.x" is invalid; expected a pinned version such as "2.2.1".',
      'command argument "two\\nlines" is invalid; expected a string on one line, of valid Unicode.',
      'healthcheck argument "\\ud800" is invalid; expected a string on one line, of valid Unicode.',
      "port Infinity is invalid; expected an integer from 1 to 65535.",
      'labels key "bad key" is invalid; expected a key such as "org.opencontainers.image.title".',
      'labels.ok value "a\\rb" is invalid; expected a string on one line, of valid Unicode.',
      'baseImageRepository "Python" is invalid; expected an image repository such as "python".',
      'builderImageDigest "sha256:abc" is invalid; expected "sha256:" and 64 hex digits.',
      `runtimeImageDigest "md5:${"a".repeat(64)}" is invalid; expected "sha256:" and 64 hex digits.`,
      'runtimePackages entry "libpq5 && curl evil" is invalid; expected a Debian package name such as "libpq5".',
      'user "Root" is invalid; expected a lowercase user name such as "app".',
      'imageName "my app" is invalid; expected an image name such as "my-app:latest".',
    ]);
  });

  test("a value of the wrong type is refused with its option name", () => {
    const wrong = {
      pythonVersion: 3.12,
      command: "greet",
      uid: NaN,
      env: { A: 1 },
      sources: [false],
    } as unknown as Parameters<typeof validateOptions>[0];
    expect(validateOptions(wrong)).toEqual([
      'pythonVersion 3.12 is invalid; expected a pinned version such as "3.12.7".',
      'command "greet" is invalid; expected a non-empty list of strings, such as ["myapp"].',
      "env.A value 1 is invalid; expected a string on one line, of valid Unicode.",
      "uid NaN is invalid; expected a positive integer (0 would be root).",
      'sources entry false is invalid; expected a relative path inside the project, without "..".',
    ]);
  });
});
