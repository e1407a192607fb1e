/** What every benchmark prints first, and small helpers they share. */
import { execSync } from 'node:child_process';
import os from 'node:os';

export function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The value at quantile `q` (0..1) of `values`, by nearest rank: the smallest value with at
 * least q of the values at or below it (the p99 of 100 values is the 99th, not the largest).
 */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

export function currentCommit(): string {
  try {
    const changed = execSync('git status --porcelain', { encoding: 'utf8' }).trim() !== '';
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() + (changed ? ' + working tree' : '');
  } catch {
    return 'unknown';
  }
}

/** Machine, date and commit: every figure in BENCHMARKS.md is read against them. */
export function benchHeader(what: string): void {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load}`,
  );
  console.log(`date: ${new Date().toISOString()}, commit ${currentCommit()}; ${what}`);
}
