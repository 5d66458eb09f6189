import type { IResolver, ObjectFile } from "projen";

/**
 * Renders a projen object file the way its synth would, without writing
 * it: the content a project is about to write, which may differ from the
 * stale copy on disk. Lazy values (functions) are called.
 */
export function renderObjectFile(file: ObjectFile): string | undefined {
  const resolver: IResolver = { resolve: (value) => resolveLazy(value) };
  const render = (
    file as unknown as {
      synthesizeContent(r: IResolver): string | undefined;
    }
  ).synthesizeContent;
  return render.call(file, resolver);
}

function resolveLazy(value: unknown): any {
  if (typeof value === "function") return resolveLazy(value());
  if (Array.isArray(value)) return value.map(resolveLazy);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveLazy(item);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return value;
}
