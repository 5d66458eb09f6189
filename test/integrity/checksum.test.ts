import { checksumOf, normalizeLineEndings } from "../../src/integrity/checksum";

describe("checksumOf", () => {
  test("gives sha256 and sixteen hex digits", () => {
    expect(checksumOf("FROM python\n")).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  test("is the same for LF, CRLF and CR line endings", () => {
    const lf = checksumOf("a\nb\n");
    expect(checksumOf("a\r\nb\r\n")).toBe(lf);
    expect(checksumOf("a\rb\r")).toBe(lf);
  });

  test("changes when one character changes", () => {
    expect(checksumOf("EXPOSE 8080\n")).not.toBe(checksumOf("EXPOSE 8081\n"));
  });

  test("is the prefix of the file's SHA-256 digest", () => {
    // printf 'hello\n' | sha256sum
    expect(checksumOf("hello\n")).toBe("sha256:5891b5b522d5df08");
  });
});

describe("normalizeLineEndings", () => {
  test("leaves LF text alone and converts the others", () => {
    expect(normalizeLineEndings("a\nb")).toBe("a\nb");
    expect(normalizeLineEndings("a\r\nb\rc")).toBe("a\nb\nc");
  });
});
