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

export function fitRidge(rows: readonly number[][], y: readonly number[], lambdas = RIDGE_LAMBDAS): RidgeFit {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  if (n < 3 || y.length !== n)
    throw new Error(`fitRidge needs at least 3 rows and one y per row (got ${n}, ${y.length})`);
  const means = columnMeans(rows, width);
  const sds = columnSds(rows, means);
  const active = sds.map((_, j) => j).filter((j) => sds[j]! > 1e-12);
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  if (active.length === 0) return interceptOnly(y, yMean, width);
  const Z = new Matrix(rows.map((row) => active.map((j) => (row[j]! - means[j]!) / sds[j]!)));
  const yc = Matrix.columnVector(y.map((v) => v - yMean));
  const gram = Z.transpose().mmul(Z);
  const zty = Z.transpose().mmul(yc);
  const yty = yc.dot(yc);

  let best: { lambda: number; gcv: number; inv: Matrix; beta: Matrix; df: number } | null = null;
  for (const lambda of lambdas) {
    const inv = inverse(Matrix.add(gram, Matrix.eye(active.length).mul(lambda)));
    const beta = inv.mmul(zty);
    const df = traceOf(inv.mmul(gram)) + 1;
    // RSS from the p x p summaries: y'y - 2 b'Z'y + b'Z'Z b, without touching the n rows.
    const rss = yty - 2 * beta.dot(zty) + beta.transpose().mmul(gram).mmul(beta).get(0, 0);
    const gcv = (n * rss) / (n - df) ** 2;
    if (!best || gcv < best.gcv) best = { lambda, gcv, inv, beta, df };
  }
  if (!best) throw new Error('fitRidge needs at least one penalty');

  const residuals = Matrix.sub(yc, Z.mmul(best.beta)).to1DArray();
  // Sandwich (Z'Z + λI)^-1 Z' diag(w) Z (Z'Z + λI)^-1 with HC3 weights w = e² / (1 - h)²:
  // robust to answers whose spread depends on the drivers, and to the high leverage of the
  // few cases that carry a rare driver (MacKinnon & White 1985; Long & Ervin 2000).
  const leverage = leverages(Z, best.inv);
  const weights = residuals.map((e, i) => (e / Math.max(1e-9, 1 - leverage[i]! - 1 / n)) ** 2);
  const meat = Z.transpose().mmul(Z.clone().mulColumnVector(weights));
  const covariance = best.inv.mmul(meat).mmul(best.inv);

  const coefficients: (number | null)[] = Array.from({ length: width }, () => null);
  const standardErrors: (number | null)[] = Array.from({ length: width }, () => null);
  active.forEach((j, k) => {
    coefficients[j] = best.beta.get(k, 0) / sds[j]!;
    standardErrors[j] = Math.sqrt(Math.max(0, covariance.get(k, k))) / sds[j]!;
  });
  const intercept = yMean - active.reduce((s, j) => s + coefficients[j]! * means[j]!, 0);
  const rss = residuals.reduce((s, e) => s + e * e, 0);
  return {
    intercept,
    coefficients,
    standardErrors,
    lambda: best.lambda,
    degreesOfFreedom: best.df,
    residualStandardDeviation: Math.sqrt(rss / (n - best.df)),
  };
}

function interceptOnly(y: readonly number[], yMean: number, width: number): RidgeFit {
  const rss = y.reduce((s, v) => s + (v - yMean) ** 2, 0);
  const none = Array.from({ length: width }, () => null);
  return {
    intercept: yMean,
    coefficients: none,
    standardErrors: [...none],
    lambda: 0,
    degreesOfFreedom: 1,
    residualStandardDeviation: Math.sqrt(rss / (y.length - 1)),
  };
}

function columnMeans(rows: readonly number[][], width: number): number[] {
  const sums = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j += 1) sums[j]! += row[j]!;
  return sums.map((s) => s / rows.length);
}

function columnSds(rows: readonly number[][], means: number[]): number[] {
  const squares = means.map(() => 0);
  for (const row of rows) for (let j = 0; j < means.length; j += 1) squares[j]! += (row[j]! - means[j]!) ** 2;
  return squares.map((s) => Math.sqrt(s / rows.length));
}

/** Diagonal of the hat matrix Z (Z'Z + λI)^-1 Z' (the intercept's 1/n is added by the caller). */
function leverages(Z: Matrix, inv: Matrix): number[] {
  const projected = Z.mmul(inv).to2DArray();
  return Z.to2DArray().map((row, i) => row.reduce((h, z, k) => h + z * projected[i]![k]!, 0));
}

function traceOf(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < m.rows; i += 1) t += m.get(i, i);
  return t;
}
