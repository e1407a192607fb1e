import { inverse, Matrix } from 'ml-matrix';

/**
 * Ridge regression of y on the columns of X with an unpenalised intercept. Columns are
 * standardised before the penalty (so one penalty is fair to a 0/1 flag and to a count);
 * a column with no variance is left out and gets no coefficient.
 */
export interface RidgeFit {
  intercept: number;
  /** Per column, on the original scale; null for a column left out (no variance). */
  coefficients: (number | null)[];
  /** Standard errors (heteroscedasticity-consistent, HC3) per column; null where left out. */
  standardErrors: (number | null)[];
  /** The penalty chosen by generalised cross-validation, on the standardised scale. */
  lambda: number;
  /** Effective degrees of freedom of the fit, intercept included. */
  degreesOfFreedom: number;
  residualStandardDeviation: number;
}

/** Penalties tried; generalised cross-validation picks one (smallest GCV, ties to the smaller). */
export const RIDGE_LAMBDAS: readonly number[] = Object.freeze([0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000]);

/**
 * The n x p work (cross-products, residuals, leverages) is done in plain loops over the rows,
 * which is fast for the tall, narrow data here; ml-matrix does the p x p algebra.
 *
 * `counts` (frequency weights, default 1 each) let identical observations come as one row:
 * the fit is the same as with each row repeated `counts[i]` times, since identical rows have
 * the same residual and leverage. Answered cases repeat a lot (small counts and a 1-7
 * answer), so tens of thousands of cases are a few hundred distinct rows.
 */
export function fitRidge(
  rows: readonly number[][],
  y: readonly number[],
  options: { lambdas?: readonly number[]; standardErrors?: boolean; counts?: readonly number[] } = {},
): RidgeFit {
  const lambdas = options.lambdas ?? RIDGE_LAMBDAS;
  const counts = options.counts ?? rows.map(() => 1);
  const n = counts.reduce((sum, count) => sum + count, 0);
  const width = rows[0]?.length ?? 0;
  if (n < 3 || y.length !== rows.length || counts.length !== rows.length)
    throw new Error(`fitRidge needs at least 3 rows and one y and count per row (got ${n}, ${y.length})`);
  const means = columnMeans(rows, counts, width, n);
  const sds = columnSds(rows, counts, means, n);
  const active = sds.map((_, j) => j).filter((j) => sds[j]! > 1e-12);
  const yMean = y.reduce((s, v, i) => s + counts[i]! * v, 0) / n;
  if (active.length === 0) return interceptOnly(y, counts, yMean, width, n);

  const Z = rows.map((row) => {
    const z = new Array<number>(active.length);
    for (let a = 0; a < active.length; a += 1) z[a] = (row[active[a]!]! - means[active[a]!]!) / sds[active[a]!]!;
    return z;
  });
  const yc = y.map((v) => v - yMean);
  const p = active.length;
  const gram = new Matrix(crossProducts(Z, (i) => counts[i]!));
  const zty = Matrix.columnVector(active.map((_, a) => Z.reduce((s, z, i) => s + counts[i]! * z[a]! * yc[i]!, 0)));
  const yty = yc.reduce((s, v, i) => s + counts[i]! * v * v, 0);

  let best: { lambda: number; gcv: number; inv: Matrix; beta: Matrix; df: number } | null = null;
  for (const lambda of lambdas) {
    const inv = inverse(Matrix.add(gram, Matrix.eye(p).mul(lambda)));
    const beta = inv.mmul(zty);
    const df = traceOf(inv.mmul(gram)) + 1;
    // RSS from the p x p summaries: y'y - 2 b'Z'y + b'Z'Z b, without touching the n rows.
    const rss = yty - 2 * beta.dot(zty) + beta.transpose().mmul(gram).mmul(beta).get(0, 0);
    const gcv = (n * rss) / (n - df) ** 2;
    if (!best || gcv < best.gcv) best = { lambda, gcv, inv, beta, df };
  }
  if (!best) throw new Error('fitRidge needs at least one penalty');

  const beta = best.beta.to1DArray();
  const residuals = Z.map((z, i) => yc[i]! - dot(z, beta));
  const covariance = options.standardErrors === false ? null : hc3Covariance(Z, counts, n, residuals, best.inv);
  const coefficients: (number | null)[] = Array.from({ length: width }, () => null);
  const standardErrors: (number | null)[] = Array.from({ length: width }, () => null);
  active.forEach((j, k) => {
    coefficients[j] = beta[k]! / sds[j]!;
    standardErrors[j] = covariance ? Math.sqrt(Math.max(0, covariance.get(k, k))) / sds[j]! : null;
  });
  const intercept = yMean - active.reduce((s, j) => s + coefficients[j]! * means[j]!, 0);
  const rss = residuals.reduce((s, e, i) => s + counts[i]! * e * e, 0);
  return {
    intercept,
    coefficients,
    standardErrors,
    lambda: best.lambda,
    degreesOfFreedom: best.df,
    residualStandardDeviation: Math.sqrt(rss / (n - best.df)),
  };
}

/**
 * Sandwich (Z'Z + λI)^-1 Z' diag(w) Z (Z'Z + λI)^-1 with HC3 weights w = e² / (1 - h)²:
 * robust to answers whose spread depends on the drivers, and to the high leverage of the
 * few cases that carry a rare driver (MacKinnon & White 1985; Long & Ervin 2000).
 */
function hc3Covariance(
  Z: readonly number[][],
  counts: readonly number[],
  n: number,
  residuals: readonly number[],
  invMatrix: Matrix,
): Matrix {
  const p = invMatrix.rows;
  const inv = invMatrix.to2DArray();
  // Leverage: the hat matrix's diagonal, z' (Z'Z + λI)^-1 z, plus the intercept's 1/n.
  const hc3 = Z.map((z, i) => {
    let leverage = 1 / n;
    for (let a = 0; a < p; a += 1) leverage += z[a]! * dot(inv[a]!, z);
    return (residuals[i]! / Math.max(1e-9, 1 - leverage)) ** 2;
  });
  const meat = new Matrix(crossProducts(Z, (i) => counts[i]! * hc3[i]!));
  return invMatrix.mmul(meat).mmul(invMatrix);
}

function interceptOnly(
  y: readonly number[],
  counts: readonly number[],
  yMean: number,
  width: number,
  n: number,
): RidgeFit {
  const rss = y.reduce((s, v, i) => s + counts[i]! * (v - yMean) ** 2, 0);
  const none = Array.from({ length: width }, () => null);
  return {
    intercept: yMean,
    coefficients: none,
    standardErrors: [...none],
    lambda: 0,
    degreesOfFreedom: 1,
    residualStandardDeviation: Math.sqrt(rss / (n - 1)),
  };
}

/** Σ_i w(i) z_i z_i', the weighted cross-products of the rows (p x p, symmetric). */
function crossProducts(Z: readonly number[][], weight: (i: number) => number): number[][] {
  const p = Z[0]?.length ?? 0;
  const sums = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < Z.length; i += 1) {
    const z = Z[i]!;
    const w = weight(i);
    for (let a = 0; a < p; a += 1) {
      const wza = w * z[a]!;
      const row = sums[a]!;
      for (let b = a; b < p; b += 1) row[b]! += wza * z[b]!;
    }
  }
  for (let a = 0; a < p; a += 1) for (let b = 0; b < a; b += 1) sums[a]![b] = sums[b]![a]!;
  return sums.map((row) => Array.from(row));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < a.length; k += 1) sum += a[k]! * b[k]!;
  return sum;
}

function columnMeans(rows: readonly number[][], counts: readonly number[], width: number, n: number): number[] {
  const sums = new Array<number>(width).fill(0);
  rows.forEach((row, i) => {
    for (let j = 0; j < width; j += 1) sums[j]! += counts[i]! * row[j]!;
  });
  return sums.map((s) => s / n);
}

function columnSds(rows: readonly number[][], counts: readonly number[], means: number[], n: number): number[] {
  const squares = means.map(() => 0);
  rows.forEach((row, i) => {
    for (let j = 0; j < means.length; j += 1) squares[j]! += counts[i]! * (row[j]! - means[j]!) ** 2;
  });
  return squares.map((s) => Math.sqrt(s / n));
}

function traceOf(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < m.rows; i += 1) t += m.get(i, i);
  return t;
}
