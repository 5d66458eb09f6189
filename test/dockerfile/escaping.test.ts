import { spawnSync } from "child_process";
import { DockerfileParser } from "dockerfile-ast";
import type { Env } from "dockerfile-ast";
import fc from "fast-check";
import {
  arePlainPaths,
  assertPath,
  assertSingleLine,
  assertVariableName,
  execForm,
  quoteWord,
  shellWord,
} from "../../src/dockerfile/escaping";

function envValue(rendered: string): string | null {
  const env = DockerfileParser.parse(
    `FROM x\nENV K=${rendered}\n`,
  ).getInstructions()[1] as Env;
  return env.getProperties()[0].getValue();
}

describe("quoteWord", () => {
  test.each([
    ["plain", '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["$HOME", '"\\$HOME"'],
  ])("quotes %j as %s", (value, expected) => {
    expect(quoteWord(value, "ENV K")).toBe(expected);
  });

  test.each(["plain", 'say "hi"', "back\\slash", "a b  c", "#not a comment"])(
    "Docker's parser reads %j back unchanged",
    (value) => {
      expect(envValue(quoteWord(value, "ENV K"))).toBe(value);
    },
  );

  test("escapes $ so that Docker's variable expansion leaves it literal", () => {
    // the parser keeps "\$"; Docker's expansion step turns it into "$"
    expect(envValue(quoteWord("$HOME and ${X}", "ENV K"))).toBe(
      "\\$HOME and \\${X}",
    );
  });

  test("leaves $ references to Docker when asked to expand", () => {
    expect(quoteWord("/app/.venv/bin:$PATH", "ENV PATH", true)).toBe(
      '"/app/.venv/bin:$PATH"',
    );
  });

  test("refuses a newline that would start a new instruction", () => {
    expect(() => quoteWord("x\nRUN rm -rf /", "ENV K")).toThrow(
      /ENV K "x\\nRUN rm -rf \/" contains a line break/,
    );
  });
});

describe("execForm", () => {
  test("writes a JSON array on one line", () => {
    expect(execForm(["greet", "--name", 'a "b"'], "CMD")).toBe(
      '["greet", "--name", "a \\"b\\""]',
    );
  });

  test("refuses an empty list", () => {
    expect(() => execForm([], "CMD")).toThrow(/CMD is empty/);
  });

  test("refuses control characters in an argument", () => {
    expect(() => execForm(["a", "b\rc"], "CMD")).toThrow(
      /CMD\[1\] "b\\rc" contains a line break/,
    );
  });
});

describe("paths and names", () => {
  test("plain paths need no JSON form, paths with spaces do", () => {
    expect(arePlainPaths(["src/app", "poetry.lock*"])).toBe(true);
    expect(arePlainPaths(["my app"])).toBe(false);
  });

  test("refuses paths Docker would expand or read as a flag", () => {
    expect(() => assertPath("$HOME/x", "COPY path")).toThrow(
      /COPY path "\$HOME\/x" contains "\$", "\\", "'" or '"', which Docker would read as a variable, an escape or a quote/,
    );
    expect(() => assertPath("--from=evil", "COPY path")).toThrow(
      /starts with "-"/,
    );
    expect(() => assertPath("", "COPY path")).toThrow(/COPY path is empty/);
  });

  test("accepts POSIX variable names only", () => {
    expect(() => assertVariableName("APP_ENV", "ENV name")).not.toThrow();
    expect(() => assertVariableName("1X", "ENV name")).toThrow(
      /ENV name "1X" is not a valid variable name/,
    );
    expect(() => assertVariableName("A-B", "ENV name")).toThrow(
      /not a valid variable name/,
    );
  });

  test.each(["it's", 'say "hi"', "back\\slash"])(
    "refuses the path %j, whose quote or escape Docker's word processing would remove",
    (path) => {
      expect(() => assertPath(path, "COPY path")).toThrow(
        `COPY path ${JSON.stringify(path)} contains "$", "\\", "'" or '"'`,
      );
    },
  );

  test("refuses a lone surrogate, which UTF-8 would turn into U+FFFD", () => {
    expect(() => assertSingleLine("a\ud800", "CMD[0]")).toThrow(
      /CMD\[0\] "a\\ud800" contains a lone surrogate, which is not valid Unicode/,
    );
    expect(() => assertSingleLine("a\ud83d\ude00", "CMD[0]")).not.toThrow();
  });

  test("single-line values pass, tabs do not", () => {
    expect(() => assertSingleLine("ok value", "v")).not.toThrow();
    expect(() => assertSingleLine("a\tb", "v")).toThrow(/control character/);
  });
});

describe("shellWord", () => {
  test("plain words stay as they are, others are single-quoted", () => {
    expect(shellWord("src/hello", "path")).toBe("src/hello");
    expect(shellWord("odd name;x", "path")).toBe("'odd name;x'");
    expect(shellWord("it's", "path")).toBe("'it'\\''s'");
  });

  test("a real /bin/sh reads every single-line string back exactly", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 24 }).filter(
          // one line, and no lone surrogate (refused, tested above)
          (s) =>
            !/[\u0000-\u001f\u007f]/.test(s) &&
            Buffer.from(s, "utf8").toString("utf8") === s,
        ),
        (value) => {
          const printed = spawnSync(
            "/bin/sh",
            ["-c", `printf '%s' ${shellWord(value, "value")}`],
            { encoding: "utf8" },
          );
          expect(printed.stdout).toBe(value);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("a line break is refused, naming the value", () => {
    expect(() => shellWord("a\nb", "package path")).toThrow(
      /package path "a\\nb" contains a line break/,
    );
  });
});
