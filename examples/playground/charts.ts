/**
 * Vega-Lite specifications drawn with vega's View API (SVG renderer; mark
 * tooltips through vega's built-in handler), one live view per container.
 * Views whose data is a named dataset take rows as they arrive.
 */
import {View, parse} from 'vega';
import {compile} from 'vega-lite';
import type {TopLevelSpec} from 'vega-lite';

const CONFIG = {
  font: 'DejaVu Sans, sans-serif',
  axis: {labelFontSize: 11, titleFontSize: 12},
  legend: {labelFontSize: 11, titleFontSize: 12},
  title: {fontSize: 14},
};

const views = new WeakMap<HTMLElement, View>();

/** Draws `spec` into `container`, replacing (and finalising) the view drawn there before. */
export async function drawChart(container: HTMLElement, spec: TopLevelSpec): Promise<View> {
  views.get(container)?.finalize();
  container.replaceChildren();
  // resize: rows streamed in later widen the axes; without it the legend would be pushed out of the view.
  const {spec: vegaSpec} = compile({autosize: {type: 'pad', resize: true}, ...spec, config: {...CONFIG, ...spec.config}} as TopLevelSpec);
  const view = new View(parse(vegaSpec), {renderer: 'svg', container, hover: true});
  views.set(container, view);
  await view.runAsync();
  return view;
}

/** Appends rows to the named dataset of the view in `container` and redraws it. */
export async function appendRows(container: HTMLElement, dataset: string, rows: object[]): Promise<void> {
  const view = views.get(container);
  if (!view) throw new Error(`no chart in #${container.id}`);
  await view.insert(dataset, rows).runAsync();
}
