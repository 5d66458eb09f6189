import type * as SmolToml from "smol-toml" with { "resolution-mode": "import" };

/**
 * smol-toml, loaded through its CommonJS build: this library compiles to
 * CommonJS for jsii, and the package's types only describe its ES module.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml: typeof SmolToml = require("smol-toml");

export const parse = toml.parse;
export const stringify = toml.stringify;
export const TomlError = toml.TomlError;
