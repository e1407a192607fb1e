export interface Estimate {
  value: number;
  low: number;
  high: number;
  n: number;
}

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export const count = (n: number) => number.format(n);
export const fixed = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits));
export const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

export function estimateText(estimate: Estimate | null, kind: 'mean' | 'share' | 'score'): string {
  if (!estimate) return 'no answers';
  const show = (v: number) => (kind === 'share' ? percent(v) : kind === 'score' ? v.toFixed(0) : v.toFixed(2));
  return `${show(estimate.value)} (95% CI ${show(estimate.low)}–${show(estimate.high)}, n = ${count(estimate.n)})`;
}

/** Creates an element with attributes and children; text children are set as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
