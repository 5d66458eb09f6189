import { DockerfileParser } from "dockerfile-ast";
import type {
  Instruction,
  Property,
  PropertyInstruction,
} from "dockerfile-ast";

const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The instructions of Dockerfile text as Docker gets them: the text goes
 * through UTF-8, as the file on disk does, then through dockerfile-ast.
 */
export function readInstructions(text: string): Instruction[] {
  const onDisk = Buffer.from(text, "utf8").toString("utf8");
  return DockerfileParser.parse(onDisk).getInstructions();
}

/** The keywords of the instructions, in order. */
export function keywords(text: string): string[] {
  return readInstructions(text).map((i) => i.getKeyword());
}

/**
 * One word as Docker's word processing reads it (ENV and LABEL values, COPY
 * paths, WORKDIR, USER): quotes are removed, a backslash escapes the next
 * character, and inside double quotes only `"`, `$` and `\`. An unescaped
 * `$` would be expanded, so it is an error here, as is an open quote.
 */
export function dockerWord(word: string): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const c = word[i];
    if (c === "$") {
      throw new Error(`unescaped $ at ${i} in ${JSON.stringify(word)}`);
    } else if (c === "'") {
      const end = word.indexOf("'", i + 1);
      if (end === -1) throw new Error(`open single quote in ${word}`);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const [text, next] = doubleQuoted(word, i + 1);
      out += text;
      i = next;
    } else if (c === "\\") {
      out += word[i + 1] ?? "";
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

function doubleQuoted(word: string, start: number): [string, number] {
  let out = "";
  let i = start;
  for (;;) {
    const c = word[i];
    if (c === undefined) throw new Error(`open double quote in ${word}`);
    if (c === '"') return [out, i + 1];
    if (c === "$") {
      throw new Error(`unescaped $ at ${i} in ${JSON.stringify(word)}`);
    }
    if (c === "\\" && ['"', "$", "\\"].includes(word[i + 1])) {
      out += word[i + 1];
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
}

/** The name and value pairs of an ENV or LABEL, values as Docker reads them. */
export function pairs(instruction: Instruction): Array<[string, string]> {
  return (instruction as PropertyInstruction)
    .getProperties()
    .map((p: Property) => [p.getName(), dockerWord(p.getUnescapedValue()!)]);
}

/**
 * An exec-form argument list as Docker decodes it: JSON, with an escaped
 * lone surrogate turned into U+FFFD as Go's decoder does. Docker reads text
 * that is not a JSON list of strings as shell form, so that is an error.
 */
export function execArgs(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.some((a) => typeof a !== "string")) {
    throw new Error(`not an exec-form list: ${text}`);
  }
  return (parsed as string[]).map((a) => a.replace(LONE_SURROGATE, "\ufffd"));
}

/** The flags of a COPY, RUN or HEALTHCHECK, as `name=value` texts. */
export function flags(instruction: Instruction): string[] {
  return splitFlags(instruction).flags.map((flag) => {
    const [name, ...value] = flag.slice(2).split("=");
    return `${name}=${dockerWord(value.join("="))}`;
  });
}

/**
 * The leading `--flag` words of an instruction and the text after them, the
 * way Docker splits them: only words at the start count as flags.
 * dockerfile-ast also takes a `--` word inside a JSON array for a flag
 * (`COPY ["a --b", "c"]`), which Docker does not.
 */
export function splitFlags(instruction: Instruction): {
  flags: string[];
  rest: string;
} {
  const text = instruction
    .getTextContent()
    .replace(/\\\n/g, "")
    .slice(instruction.getKeyword().length)
    .trimStart();
  const found: string[] = [];
  let rest = text;
  for (;;) {
    const match = /^(--\S+)\s*/.exec(rest);
    if (!match) return { flags: found, rest: rest.trimEnd() };
    found.push(match[1]);
    rest = rest.slice(match[0].length);
  }
}

/** The paths of a COPY, as Docker reads them. */
export function copyPaths(instruction: Instruction): string[] {
  const { rest } = splitFlags(instruction);
  const words = rest.startsWith("[")
    ? execArgs(rest)
    : instruction.getArguments().map((a) => a.getValue());
  return words.map(dockerWord);
}

/**
 * The shell command of a RUN, as Docker joins its lines: each backslash
 * that ends a line is dropped together with the line break.
 */
export function runCommand(instruction: Instruction): string {
  return instruction.getRawArgumentsContent()!.replace(/\\\n/g, "");
}
