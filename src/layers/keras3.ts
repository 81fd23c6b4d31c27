import {dispose, io} from '@tensorflow/tfjs-core';
import type {NamedTensorMap} from '@tensorflow/tfjs-core';
import {models} from '@tensorflow/tfjs-layers';

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
type JsonObject = {[key: string]: Json};

/** Keras 3 `.keras` weight names as tensorflowjs converts them: `layers/<layer>/vars/<index>`. */
const KERAS3_VARIABLE = /^layers\/([^/]+)\/vars\/(\d+)$/;

/**
 * A load handler for tfjs-layers models that tensorflowjs converted from a
 * Keras 3 Sequential model (`tensorflowjs.converters.save_keras_model`, or
 * `tensorflowjs_converter --input_format keras_keras` on a `.keras` file),
 * which tfjs-layers 4.x cannot read as they are. It translates what Keras 3
 * writes differently from Keras 2 and passes everything else through:
 * - `DTypePolicy` objects as layer dtypes become the dtype's name;
 * - an InputLayer's `batch_shape` becomes `batch_input_shape`;
 * - weights named `<model>/<layer>/<weight>` lose the model's name, and
 *   `layers/<layer>/vars/<i>` (the `.keras` format) become the i-th weight of
 *   that layer; the optimizer's saved variables are dropped.
 *
 * ```js
 * const model = await tf.loadLayersModel(fromKeras3('file://keras3-snn/model.json'));
 * ```
 *
 * Functional Keras 3 models (whose `inbound_nodes` format tfjs cannot parse)
 * are not covered: use the graph format for them.
 *
 * @param source a URL tfjs has a load handler for (`file://` with tfjs-node,
 *     `http(s)://`, …) or an `IOHandler`.
 * @throws Error naming `source` and `fromKeras3` when no handler can load it.
 */
export function fromKeras3(source: string | io.IOHandler): io.IOHandler {
  let handler: io.IOHandler;
  if (typeof source === 'string') {
    const handlers = io.getLoadHandlers(source);
    if (handlers.length !== 1) {
      throw new Error(`Argument 'source' passed to 'fromKeras3' must be a URL with exactly one tfjs load handler ` +
          `(file:// needs @tensorflow/tfjs-node), but '${source}' has ${handlers.length}.`);
    }
    handler = handlers[0];
  } else if (source != null && typeof source === 'object' && typeof source.load === 'function') {
    handler = source;
  } else {
    throw new Error(`Argument 'source' passed to 'fromKeras3' must be a URL or an IOHandler with load(), ` +
        `but got ${String(source)}.`);
  }
  return {load: async () => keras3ArtifactsForTfjs(await handler.load!())};
}

/** The artifacts of a converted Keras 3 model, translated for tfjs-layers (see {@link fromKeras3}). */
export async function keras3ArtifactsForTfjs(artifacts: io.ModelArtifacts): Promise<io.ModelArtifacts> {
  if (artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error(`'fromKeras3' expects a layers model (a JSON model topology), but the artifacts have none.`);
  }
  const modelTopology = translateTopology(artifacts.modelTopology as Json) as JsonObject;
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) return {...artifacts, modelTopology};
  const weights = io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const renamed = await renameWeights(weights, modelTopology);
    const {data, specs} = await io.encodeWeights(renamed);
    return {...artifacts, modelTopology, weightSpecs: specs, weightData: data};
  } finally {
    dispose(Object.values(weights));
  }
}

function translateTopology(value: Json, inInputLayer = false): Json {
  if (Array.isArray(value)) return value.map(item => translateTopology(item));
  if (value === null || typeof value !== 'object') return value;
  if (value['class_name'] === 'DTypePolicy') {
    const config = value['config'] as JsonObject | null;
    return config?.['name'] ?? 'float32';
  }
  const isInputLayer = value['class_name'] === 'InputLayer';
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const name = inInputLayer && key === 'batch_shape' ? 'batch_input_shape' : key;
    out[name] = translateTopology(item, isInputLayer && key === 'config');
  }
  return out;
}

async function renameWeights(weights: NamedTensorMap, modelTopology: JsonObject): Promise<NamedTensorMap> {
  const modelConfig = (modelTopology['model_config'] ?? modelTopology) as JsonObject;
  const modelName = (modelConfig['config'] as JsonObject | undefined)?.['name'];
  const names = Object.keys(weights).filter(name => !name.startsWith('optimizer/'));
  const layerWeightNames = names.some(name => KERAS3_VARIABLE.test(name)) ?
      await weightNamesByLayer(modelTopology) : new Map<string, string[]>();
  const renamed: NamedTensorMap = {};
  for (const name of names) {
    const variable = KERAS3_VARIABLE.exec(name);
    let target = name;
    if (variable !== null) {
      const mapped = layerWeightNames.get(variable[1])?.[Number(variable[2])];
      if (mapped === undefined) {
        throw new Error(`'fromKeras3' found weight '${name}', but the model has no such layer weight.`);
      }
      target = mapped;
    } else if (typeof modelName === 'string' && name.startsWith(`${modelName}/`)) {
      target = name.slice(modelName.length + 1);
    }
    renamed[target] = weights[name];
  }
  return renamed;
}

/** Each layer's weight names in order, from a model built from the topology (then disposed). */
async function weightNamesByLayer(modelTopology: JsonObject): Promise<Map<string, string[]>> {
  const model = await models.modelFromJSON({modelTopology} as Parameters<typeof models.modelFromJSON>[0]);
  try {
    return new Map(model.layers.map(layer => [layer.name, layer.weights.map(weight => weight.originalName)]));
  } finally {
    model.dispose();
  }
}
