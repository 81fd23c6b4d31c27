/**
 * The curves panel: selu, selu′ and selu″ under the chosen constants, drawn
 * from the plugin's kernels on the active backend, and their values at
 * x = −1, 0, 1 against the float64 closed forms.
 */
import {FUNCTIONS, derivativesPlot, range, seluAndDerivatives} from '../common/derivatives.js';
import {drawChart} from './charts.js';

const VALUE_POINTS = [-1, 0, 1];

export interface CurveValues {
  alpha: number;
  scale: number;
  /** The plugin's values at {@link VALUE_POINTS}, one array per function. */
  values: Record<typeof FUNCTIONS[number], number[]>;
}

/** Grids either side of 0 with −1, 0 and 1 on them exactly (k/100). */
const GRID = {left: range(-4, 0, 401), right: [1e-6, ...Array.from({length: 300}, (_, k) => (k + 1) / 100)]};

/** The float64 closed forms of the spec. */
function reference(f: number, x: number, alpha: number, scale: number): number {
  if (x > 0) return [scale * x, scale, 0][f];
  return f === 0 ? scale * alpha * Math.expm1(x) : scale * alpha * Math.exp(x);
}

/** Distance between a float32 result and the float64 value, in float32 ulps at the value. */
function ulps(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const magnitude = Math.max(Math.abs(expected), 2 ** -126);
  const ulp = 2 ** (Math.floor(Math.log2(magnitude)) - 23);
  return Math.abs(actual - expected) / ulp;
}

/** Plots the curves and fills the values table; throws the plugin's own error for invalid constants. */
export async function renderCurves(alpha: number, scale: number): Promise<CurveValues> {
  const options = {alpha, scale};
  // Validate (and fail with the plugin's message) before anything is drawn.
  const atPoints = await seluAndDerivatives(VALUE_POINTS, options);
  const spec = await derivativesPlot(options, GRID, {width: 260, height: 220});
  await drawChart(document.getElementById('curves-plot')!, spec);
  const body = document.querySelector('#curves-values tbody')!;
  body.replaceChildren(...VALUE_POINTS.flatMap((x, i) => FUNCTIONS.map((name, f) => {
    const row = document.createElement('tr');
    const value = atPoints[f][i];
    const expected = reference(f, x, alpha, scale);
    const cells = [String(x), name, value.toPrecision(9), expected.toPrecision(17), ulps(value, expected).toFixed(2)];
    row.replaceChildren(...cells.map((text, c) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (c === 2) Object.assign(cell.dataset, {x: String(x), fn: name});
      return cell;
    }));
    return row;
  })));
  const values = Object.fromEntries(FUNCTIONS.map((name, f) => [name, Array.from(atPoints[f])])) as CurveValues['values'];
  return {alpha, scale, values};
}
