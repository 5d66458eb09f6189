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
});
