import { createHash } from "crypto";

/**
 * How many hex digits of the SHA-256 digest a marker line keeps. Sixty-four
 * bits are plenty to notice an edit; the check guards against accidents, not
 * against an attacker who can rewrite the marker too.
 */
const DIGEST_HEX_LENGTH = 16;

/** Converts CRLF and lone CR line endings to LF. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * The checksum of a file's content without its marker line, as it appears
 * in the marker: `sha256:` and the first sixteen hex digits of the digest.
 * Line endings are normalised first, so a CRLF checkout is not an edit.
 */
export function checksumOf(content: string): string {
  const digest = createHash("sha256")
    .update(normalizeLineEndings(content), "utf8")
    .digest("hex");
  return `sha256:${digest.slice(0, DIGEST_HEX_LENGTH)}`;
}
