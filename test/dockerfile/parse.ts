import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

/** Instructions of a Dockerfile as keyword and raw arguments. */
export function instructions(content: string): Array<[string, string]> {
  return DockerfileParser.parse(content)
    .getInstructions()
    .map((i) => [i.getKeyword(), i.getRawArgumentsContent() ?? ""]);
}

/** Diagnostics of dockerfile-utils' validator, as readable lines. */
export function diagnostics(content: string): string[] {
  return validate(content).map(
    (d) => `${d.range.start.line + 1}: ${d.message}`,
  );
}
