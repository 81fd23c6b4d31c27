/**
 * The main job (`npm run demo`): plots of selu and its derivatives, the
 * self-normalisation experiment, and a deep self-normalizing network trained
 * on MNIST, on the fastest backend available. Writes its pictures and tables
 * to out/demo/ and exits non-zero if SELU's activations leave the tolerance
 * around mean 0 / variance 1 at any depth.
 */
import * as tf from '@tensorflow/tfjs';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {pickBackend} from './backend.js';
import {derivativeTable, derivativesPlot, familyPlot} from './curves.js';
import {SNN, VARIANTS, epochsOn, median, trainSnn, trainingPlot} from './mnist_snn.js';
import {renderPlot} from './plot.js';
import {
  SELU_RUN, SELU_TFJS_LECUN_RUN, STACK, TOLERANCE, selfNormalisation, selfNormalisationPlot, seluSummary, statsTable,
} from '../common/self_normalisation.js';

const OUT = join(__dirname, '..', '..', 'out', 'demo');

function heading(text: string): void {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`);
}

const range = ([low, high]: [number, number], digits: number) => `[${low.toFixed(digits)}, ${high.toFixed(digits)}]`;

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(OUT, {recursive: true});
  const files: string[] = [];

  const backend = await pickBackend();
  console.log(`backend: '${backend.name}' — ${backend.reason}`);

  heading('1. selu, selu′, selu″ and the generalised family');
  console.table(await derivativeTable());
  files.push(...await renderPlot(await derivativesPlot(), OUT, 'selu_derivatives'));
  files.push(...await renderPlot(await familyPlot(), OUT, 'selu_family'));

  heading(`2. Self-normalisation: ${STACK.depth} dense layers of width ${STACK.width}, ${STACK.samples} standardised inputs`);
  const stats = await selfNormalisation();
  const table = statsTable(stats);
  console.table(table);
  writeFileSync(join(OUT, 'self_normalisation.json'), JSON.stringify(stats, null, 1));
  files.push('self_normalisation.json', ...await renderPlot(selfNormalisationPlot(stats), OUT, 'self_normalisation'));
  const selu = seluSummary(stats);
  const tfjsLecun = seluSummary(stats, SELU_TFJS_LECUN_RUN);
  console.log(`${SELU_RUN}, weights N(0, 1/fan_in): mean in ${range(selu.mean, 4)}, variance in ${range(selu.variance, 4)} ` +
      `over all ${STACK.depth} layers: ${selu.withinTolerance ? 'within' : 'OUTSIDE'} ±${TOLERANCE.mean} / ±${TOLERANCE.variance}`);
  console.log(`${SELU_TFJS_LECUN_RUN} (weight variance 0.774/fan_in): mean in ${range(tfjsLecun.mean, 4)}, ` +
      `variance in ${range(tfjsLecun.variance, 4)}`);
  const last = (run: string) => stats.filter(s => s.run === run).at(-1)!;
  console.log(`layer ${STACK.depth}: ReLU variance ${last('ReLU').variance.toExponential(2)}, ` +
      `tanh variance ${last('tanh').variance.toExponential(2)}`);

  const epochs = epochsOn(backend.name);
  heading(`3. SNN on MNIST: ${SNN.hiddenLayers} hidden SELU layers of ${SNN.width}, AlphaDropout, ${epochs} epochs`);
  const training = await trainSnn(epochs);
  files.push(...await renderPlot(trainingPlot(training.results), OUT, 'mnist_snn'));
  const summaryOf = (variant: string) => {
    const own = training.results.filter(r => r.variant === variant);
    return {medianEpochSeconds: median(own.map(r => r.seconds)), finalHeldOutAccuracy: own.at(-1)!.heldOutAccuracy};
  };
  const [plugin, builtin] = VARIANTS.map(summaryOf);
  console.log(`held-out accuracy after ${epochs} epochs (${training.testSize} digits never trained on, ` +
      `${training.trainSize} trained on): plugin ${(100 * plugin.finalHeldOutAccuracy).toFixed(2)}%, ` +
      `built-in ${(100 * builtin.finalHeldOutAccuracy).toFixed(2)}%`);
  console.log(`median seconds per epoch: plugin ${plugin.medianEpochSeconds.toFixed(2)}, built-in ` +
      `${builtin.medianEpochSeconds.toFixed(2)} (built-in / plugin = ${(builtin.medianEpochSeconds / plugin.medianEpochSeconds).toFixed(2)})`);

  const summary = {
    backend, tfjs: tf.version.tfjs, stack: STACK, tolerance: TOLERANCE,
    selfNormalisation: {selu, seluWithTfjsLeCunNormal: tfjsLecun, reluLastVariance: last('ReLU').variance, tanhLastVariance: last('tanh').variance},
    snn: {...SNN, epochs, ...training, plugin, builtin},
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify(summary, null, 1));
  files.push('summary.json');

  heading('Done');
  console.log(`${files.length} files in ${relative(process.cwd(), OUT) || '.'}/ (${summary.seconds.toFixed(0)} s):`);
  files.forEach(file => console.log(`  ${file}`));
  if (!selu.withinTolerance) {
    throw new Error(`SELU's activations left mean ${TOLERANCE.mean} / variance ±${TOLERANCE.variance} of (0, 1)`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
