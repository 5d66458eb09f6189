/**
 * Small statistics and formatting helpers for the benchmark: medians of
 * repeated measurements, ratios, and figures as the tables print them.
 */

/** The median of the values; NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Bytes as decimal megabytes with two decimals, such as `10.42 MB`, or as
 * kilobytes with one decimal below a megabyte, such as `31.7 kB`.
 */
export function megabytes(bytes: number): string {
  return Math.abs(bytes) < 1e6
    ? `${(bytes / 1e3).toFixed(1)} kB`
    : `${(bytes / 1e6).toFixed(2)} MB`;
}

/** Bytes in full with thousands separators, such as `10 775 132 B`. */
export function bytesInFull(bytes: number): string {
  return `${Math.round(bytes).toLocaleString("en-US").replace(/,/g, " ")} B`;
}

/** Seconds with two decimals, such as `6.91 s`. */
export function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

/** Milliseconds with one decimal, such as `12.3 ms`. */
export function milliseconds(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** A ratio with three decimals, such as `0.123`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "n/a";
}

/** The verdict a table row prints for a goal. */
export function verdict(met: boolean): string {
  return met ? "goal met" : "goal missed";
}

/** Elapsed wall time of a function, in seconds, with its result. */
export function timed<T>(work: () => T): { value: T; seconds: number } {
  const started = process.hrtime.bigint();
  const value = work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
