import {
  isSupportedPoetry,
  leanVenvCommands,
  parsePoetryVersion,
  readsDependencyGroups,
  syncCommand,
} from "../../src/poetry/poetry-commands";

describe("Poetry commands", () => {
  test("Poetry 2 uses poetry sync, leaving the other groups out by name", () => {
    const release = parsePoetryVersion("2.2.1")!;
    expect(syncCommand(release, false)).toBe("poetry sync --no-root");
    expect(syncCommand(release, true, ["dev", "docs"])).toBe(
      "poetry sync --without dev,docs",
    );
  });

  test("Poetry 1.2 to 1.8 use install --sync, which 1.3 accepts", () => {
    const release = parsePoetryVersion("1.3.2")!;
    expect(syncCommand(release, false, ["dev"])).toBe(
      "poetry install --sync --without dev --no-root",
    );
    expect(syncCommand(release, true)).toBe("poetry install --sync");
  });

  test("only Poetry 2.2 and newer read PEP 735 dependency groups", () => {
    expect(readsDependencyGroups(parsePoetryVersion("2.1.2")!)).toBe(false);
    expect(readsDependencyGroups(parsePoetryVersion("2.2.0")!)).toBe(true);
    expect(readsDependencyGroups(parsePoetryVersion("1.8.5")!)).toBe(false);
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
