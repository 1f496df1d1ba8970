/** Small timing helpers for the benchmarks: wall-clock samples, percentiles, a printed table. */

export function timeSync(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(2)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export interface Row {
  measure: string;
  value: string;
  target: string;
  verdict: string;
}

export function verdict(ok: boolean): string {
  return ok ? 'meets target' : 'MISSES target';
}

export function printTable(title: string, rows: readonly Row[]): void {
  const headers: Row = { measure: 'measure', value: 'value', target: 'target', verdict: '' };
  const all = [headers, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row) =>
    `| ${r.measure.padEnd(width('measure'))} | ${r.value.padEnd(width('value'))} | ${r.target.padEnd(width('target'))} | ${r.verdict.padEnd(width('verdict'))} |`;
  process.stdout.write(
    `\n## ${title}\n\n${line(headers)}\n|${['measure', 'value', 'target', 'verdict'].map((k) => '-'.repeat(width(k as keyof Row) + 2)).join('|')}|\n`,
  );
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}
