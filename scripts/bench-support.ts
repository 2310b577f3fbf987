// Small pieces every benchmark script shares: argument errors, positive-integer
// options and percentiles.

/**
 * A `fail` that prints the script's name and usage, then exits with status 2. Give the
 * const holding it the type `(message: string) => never`, or TypeScript does not narrow
 * after a call.
 */
export function failWith(script: string, usage: string): (message: string) => never {
  return (message: string): never => {
    console.error(`${script}: ${message}\n${usage}`);
    process.exit(2);
  };
}

/** A positive integer option (1_000 and 1,000 accepted as typed), or the fallback. */
export function positiveOption(fail: (message: string) => never, name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** The p-th percentile of an ascending list (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
