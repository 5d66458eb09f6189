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
import { hostileString, nearlyPlainString, RUNS } from "./hostile";
import { attempt, expectRefusal } from "./refusals";
import { DockerfileStage } from "../../src/dockerfile/stage";

const variableName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const labelKey = fc.stringMatching(/^[a-z][a-z0-9._/-]{0,20}$/);
const plainPath = fc.stringMatching(/^[A-Za-z0-9_.][A-Za-z0-9_./ -]{0,20}$/);
const anyText = fc.oneof(hostileString, nearlyPlainString, fc.string());

/**
 * Applies `write` to a fresh stage followed by a sentinel USER line, and
 * checks the outcome: either a refusal naming `what` and the value, or
 * text whose instructions are FROM, `keyword`, USER, with `readBack` of
 * the middle one equal to `expected`.
 */
function checkStage<T>(options: {
  keyword: string;
  what: string | RegExp;
  write: (stage: DockerfileStage) => void;
  values: unknown[];
  readBack: (instruction: Instruction) => T;
  expected: T;
}): "refused" | "written" {
  const { value: text, error } = attempt(() => {
    const stage = new DockerfileStage({ from: "python:3.12.7-slim" });
    options.write(stage);
    return stage.user("sentinel").render();
  });
  if (error !== undefined) {
    expectRefusal(error, options.what, options.values);
    return "refused";
  }
  const instructions = readInstructions(text!);
  expect(instructions.map((i) => i.getKeyword())).toEqual([
    "FROM",
    options.keyword,
    "USER",
  ]);
  expect(instructions[2].getArgumentsContent()).toBe("sentinel");
  expect(options.readBack(instructions[1])).toEqual(options.expected);
  return "written";
}

/** Runs the property and checks that both outcomes happened. */
/**
 * Checks a benign example, which must be written, and a hostile one, which
 * must be refused, then random values, each of which must be one or the
 * other with its own checks passed.
 */
function assertBothOutcomes<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => "refused" | "written",
  examples: { benign: NoInfer<T>; hostile: NoInfer<T> },
): void {
  expect(check(examples.benign)).toBe("written");
  expect(check(examples.hostile)).toBe("refused");
  fc.assert(
    fc.property(arbitrary, (value) => {
      check(value);
    }),
    RUNS,
  );
}

describe("DockerfileStage with hostile values", () => {
  test("ENV either refuses a pair or writes every value back exactly", () => {
    const env = fc.dictionary(fc.oneof(variableName, anyText), anyText, {
      minKeys: 1,
      maxKeys: 3,
    });
    assertBothOutcomes(
      env,
      (variables) =>
        checkStage({
          keyword: "ENV",
          what: /^ENV /,
          write: (s) => s.env(variables),
          values: Object.entries(variables).flat(),
          readBack: pairs,
          expected: Object.entries(variables),
        }),
      { benign: { NAME: "value" }, hostile: { NAME: "a\nRUN evil" } },
    );
  });

  test("LABEL either refuses a pair or writes every value back exactly", () => {
    const labels = fc.dictionary(fc.oneof(labelKey, anyText), anyText, {
      minKeys: 1,
      maxKeys: 3,
    });
    assertBothOutcomes(
      labels,
      (values) =>
        checkStage({
          keyword: "LABEL",
          what: /^LABEL /,
          write: (s) => s.label(values),
          values: Object.entries(values).flat(),
          readBack: pairs,
          expected: Object.entries(values),
        }),
      { benign: { "org.example.a": "b" }, hostile: { a: "b\nRUN evil" } },
    );
  });

  test("ARG either refuses or declares exactly the name and default", () => {
    const arg = fc.tuple(fc.oneof(variableName, anyText), anyText);
    assertBothOutcomes(
      arg,
      ([name, value]) =>
        checkStage({
          keyword: "ARG",
          what: /^ARG /,
          write: (s) => s.arg(name, value),
          values: [name, value],
          readBack: (i) => {
            const [key, rest] = i.getArgumentsContent()!.split(/=(.*)/s);
            return [key, dockerWord(rest)];
          },
          expected: [name, value],
        }),
      { benign: ["NAME", "value"], hostile: ["NAME", "a\nRUN evil"] },
    );
  });

  test.each([
    ["CMD", (s: DockerfileStage, a: string[]) => s.cmd(a)],
    ["ENTRYPOINT", (s: DockerfileStage, a: string[]) => s.entrypoint(a)],
  ])(
    "%s either refuses or decodes to exactly the given arguments",
    (keyword, write) => {
      const args = fc.array(anyText, { maxLength: 4 });
      assertBothOutcomes(
        args,
        (list) =>
          checkStage({
            keyword,
            what: new RegExp(`^${keyword}`),
            write: (s) => write(s, list),
            values: list,
            readBack: (i) => execArgs(i.getArgumentsContent()!),
            expected: list,
          }),
        { benign: ["app", "--flag"], hostile: ["a\nRUN evil"] },
      );
    },
  );

  test("HEALTHCHECK either refuses or runs exactly the given arguments", () => {
    const check = fc.record({
      args: fc.array(anyText, { minLength: 1, maxLength: 3 }),
      interval: fc.option(fc.oneof(anyText, fc.constant("10s")), {
        nil: undefined,
      }),
      retries: fc.option(fc.oneof(fc.integer(), fc.double()), {
        nil: undefined,
      }),
    });
    assertBothOutcomes(
      check,
      ({ args, interval, retries }) =>
        checkStage({
          keyword: "HEALTHCHECK",
          what: /^HEALTHCHECK /,
          write: (s) => s.healthcheck(args, { interval, retries }),
          values: [...args, interval, retries],
          readBack: (i) => ({
            flags: flags(i),
            args: execArgs(i.getRawArgumentsContent()!.replace(/^CMD /, "")),
          }),
          expected: {
            flags: [
              ...(interval === undefined ? [] : [`interval=${interval}`]),
              ...(retries === undefined ? [] : [`retries=${retries}`]),
            ],
            args,
          },
        }),
      {
        benign: { args: ["probe"], interval: "10s", retries: 3 },
        hostile: {
          args: ["a\nRUN evil"],
          interval: undefined,
          retries: undefined,
        },
      },
    );
  });

  test("COPY either refuses a path or copies exactly the given paths", () => {
    // plain paths weigh more: with up to five values per COPY, an even mix
    // would make a run where every COPY is refused likely enough to flake
    const path = fc.oneof(
      { arbitrary: plainPath, weight: 3 },
      { arbitrary: anyText, weight: 1 },
    );
    const copy = fc.record({
      sources: fc.array(path, { minLength: 1, maxLength: 3 }),
      destination: path,
      chown: fc.option(
        fc.oneof(
          { arbitrary: fc.constant("10001:10001"), weight: 3 },
          { arbitrary: anyText, weight: 1 },
        ),
        { nil: undefined },
      ),
    });
    assertBothOutcomes(
      copy,
      ({ sources, destination, chown }) =>
        checkStage({
          keyword: "COPY",
          what: /^COPY /,
          write: (s) => s.copy(sources, destination, { chown }),
          values: [...sources, destination, chown],
          readBack: (i) => ({ flags: flags(i), paths: copyPaths(i) }),
          expected: {
            flags: chown === undefined ? [] : [`chown=${chown}`],
            paths: [...sources, destination],
          },
        }),
      {
        benign: { sources: ["app"], destination: "./app", chown: undefined },
        hostile: {
          sources: ["a\nRUN evil"],
          destination: ".",
          chown: undefined,
        },
      },
    );
  });

  test('a COPY path holding " --" in the JSON form is read as a path, not a flag (found by the COPY property)', () => {
    const result = checkStage({
      keyword: "COPY",
      what: /^COPY /,
      write: (s) => s.copy(["0-- --", "_"], " "),
      values: [],
      readBack: (i) => ({ flags: flags(i), paths: copyPaths(i) }),
      expected: { flags: [], paths: ["0-- --", "_", " "] },
    });
    expect(result).toBe("written");
  });

  test("WORKDIR either refuses or sets exactly the given path", () => {
    const path = fc.oneof(
      plainPath.map((p) => `/${p}`),
      anyText.map((p) => `/${p}`),
      anyText,
    );
    assertBothOutcomes(
      path,
      (value) =>
        checkStage({
          keyword: "WORKDIR",
          what: /^WORKDIR /,
          write: (s) => s.workdir(value),
          values: [value],
          readBack: (i) => dockerWord(i.getArgumentsContent()!),
          expected: value,
        }),
      { benign: "/srv/app", hostile: "/a\nRUN evil" },
    );
  });

  test("USER either refuses or sets exactly the given user", () => {
    const user = fc.oneof(
      fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}(?::[0-9]{1,5})?$/),
      anyText,
    );
    assertBothOutcomes(
      user,
      (value) => {
        const { value: text, error } = attempt(() =>
          new DockerfileStage({ from: "python:3.12.7-slim" })
            .user(value)
            .cmd(["sentinel"])
            .render(),
        );
        if (error !== undefined) {
          expectRefusal(error, /^USER /, [value]);
          return "refused";
        }
        const instructions = readInstructions(text!);
        expect(instructions.map((i) => i.getKeyword())).toEqual([
          "FROM",
          "USER",
          "CMD",
        ]);
        expect(dockerWord(instructions[1].getArgumentsContent()!)).toBe(value);
        return "written";
      },
      { benign: "app", hostile: "a\nRUN evil" },
    );
  });

  test("EXPOSE either refuses or documents exactly the given port", () => {
    const expose = fc.tuple(
      fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.double()),
      fc.oneof(fc.constantFrom("tcp", "udp"), anyText),
    );
    assertBothOutcomes(
      expose,
      ([port, protocol]) =>
        checkStage({
          keyword: "EXPOSE",
          what: /^EXPOSE /,
          write: (s) => s.expose(port, protocol),
          values: [port, protocol],
          readBack: (i) => i.getArgumentsContent(),
          expected: protocol === "tcp" ? `${port}` : `${port}/${protocol}`,
        }),
      { benign: [8080, "tcp"], hostile: [0, "tcp"] },
    );
  });

  test("RUN either refuses a command or runs exactly the given commands", () => {
    const commands = fc.array(fc.oneof(anyText, fc.constant("echo ok")), {
      minLength: 1,
      maxLength: 3,
    });
    assertBothOutcomes(
      commands,
      (list) =>
        checkStage({
          keyword: "RUN",
          what: /^RUN /,
          write: (s) => s.run(list),
          values: list,
          // the shell ignores spaces around the whole command
          readBack: (i) => runCommand(i).trim(),
          expected: list.join("     && ").trim(),
        }),
      { benign: ["echo ok"], hostile: ["echo \\"] },
    );
  });

  test("FROM either refuses the image or stage name or writes them exactly", () => {
    const from = fc.tuple(
      fc.oneof(fc.constant("python:3.12.7-slim"), anyText),
      fc.option(fc.oneof(fc.constant("builder"), anyText), { nil: undefined }),
    );
    assertBothOutcomes(
      from,
      ([image, name]) => {
        const { value: text, error } = attempt(() =>
          new DockerfileStage({ from: image, name }).cmd(["sentinel"]).render(),
        );
        if (error !== undefined) {
          expectRefusal(error, /^(base image|stage name) /, [image, name]);
          return "refused";
        }
        const instructions = readInstructions(text!);
        expect(instructions.map((i) => i.getKeyword())).toEqual([
          "FROM",
          "CMD",
        ]);
        expect(instructions[0].getArguments().map((a) => a.getValue())).toEqual(
          name === undefined ? [image] : [image, "AS", name],
        );
        return "written";
      },
      {
        benign: ["python:3.12.7-slim", "builder"],
        hostile: ["python\nRUN evil", undefined],
      },
    );
  });
});
