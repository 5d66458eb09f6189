import {
  isSupportedPoetry,
  leanVenvCommands,
  parsePoetryVersion,
  syncCommand,
} from "../../src/poetry/poetry-commands";

describe("Poetry commands", () => {
  test("Poetry 2 uses poetry sync", () => {
    const release = parsePoetryVersion("2.2.1")!;
    expect(syncCommand(release, false)).toBe(
      "poetry sync --only main --no-root",
    );
    expect(syncCommand(release, true)).toBe("poetry sync --only main");
  });

  test("Poetry 1.2 to 1.8 use install --sync, which 1.3 accepts", () => {
    const release = parsePoetryVersion("1.3.2")!;
    expect(syncCommand(release, false)).toBe(
      "poetry install --sync --only main --no-root",
    );
    expect(syncCommand(release, true)).toBe(
      "poetry install --sync --only main",
    );
  });

  test("versions before 1.2 and unpinned versions are told apart", () => {
    expect(isSupportedPoetry(parsePoetryVersion("1.1.15")!)).toBe(false);
    expect(isSupportedPoetry(parsePoetryVersion("1.2")!)).toBe(true);
    expect(parsePoetryVersion("2.x")).toBeUndefined();
    expect(parsePoetryVersion("2.1.3\nRUN x")).toBeUndefined();
  });

  test("the venv is made without pip, and without setuptools where Poetry still has that setting", () => {
    expect(leanVenvCommands(parsePoetryVersion("1.3.2")!)).toEqual([
      "poetry config virtualenvs.options.no-pip true",
      "poetry config virtualenvs.options.no-setuptools true",
    ]);
    expect(leanVenvCommands(parsePoetryVersion("2.1.2")!)).toEqual([
      "poetry config virtualenvs.options.no-pip true",
    ]);
  });
});
