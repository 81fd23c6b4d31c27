/**
 * Renders Vega-Lite specifications to SVG (vega's headless renderer) and PNG
 * (resvg), so the demo's pictures come from a plotting library, not from
 * hand-written drawing code.
 */
import {Resvg} from '@resvg/resvg-js';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {TopLevelSpec} from 'vega-lite';

/** Shared look: white background (PNG has no page behind it), readable fonts. */
const CONFIG = {
  background: 'white',
  font: 'DejaVu Sans, sans-serif',
  axis: {labelFontSize: 11, titleFontSize: 12},
  legend: {labelFontSize: 11, titleFontSize: 12},
  title: {fontSize: 14},
};

/** Writes `<name>.svg` and `<name>.png` into `dir`; returns the file names. */
export async function renderPlot(spec: TopLevelSpec, dir: string, name: string): Promise<string[]> {
  // vega and vega-lite are ES modules only: load them as such from this CommonJS-compiled file.
  const [{compile}, {View, parse}] = await Promise.all([import('vega-lite'), import('vega')]);
  const {spec: vegaSpec} = compile({...spec, config: {...CONFIG, ...spec.config}} as TopLevelSpec);
  const view = new View(parse(vegaSpec), {renderer: 'none'});
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    fitTo: {mode: 'zoom', value: 2},
    font: {loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans'},
  }).render().asPng();
  writeFileSync(join(dir, `${name}.svg`), svg);
  writeFileSync(join(dir, `${name}.png`), png);
  return [`${name}.svg`, `${name}.png`];
}
