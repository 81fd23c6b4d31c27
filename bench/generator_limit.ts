/**
 * The generator's own limit on webgl, for AlphaDropout's op rows: a packed
 * program that reads nothing and only draws one Threefry-2x32-20 block per
 * output texel (the least any kernel drawing its mask in the shader can do
 * there: a fragment cannot share a block with its neighbour, and the bench's
 * 1-D x holds two elements per texel), writing a few of its bits. Any
 * AlphaDropout pass with an in-shader Threefry does this and more (it also
 * reads x), so "composition ÷ this" bounds what such a kernel pair could gain
 * on this backend, as `neg` bounds any one-pass kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {threefryGlsl} from '../src/codegen/threefry.js';
import {MASK_ELEMENTS_PER_BLOCK, MASK_STREAM} from '../src/random/threefry.js';
import type {Contender} from './harness.js';

class ThreefryAloneProgram implements GPGPUProgram {
  variableNames: string[] = [];
  outputShape: number[];
  packedOutput = true;
  customUniforms = [{name: 'key', type: 'ivec2' as const}];
  userCode: string;

  constructor(size: number) {
    this.outputShape = [size];
    this.userCode = `
  ${threefryGlsl()}
  void main() {
    int col = getOutputCoords();
    uvec2 w = tfjsThreefry2x32(uint(key.x), uint(key.y), uint(col / ${MASK_ELEMENTS_PER_BLOCK}), ${MASK_STREAM}u);
    setOutput(vec4(float(w.x & 255u), float(w.x >> 24), float(w.y & 255u), float(w.y >> 24)));
  }
`;
  }
}

/** One pass of the generator alone over a 1-D output of `size` elements. */
function generatorPass(size: number): tf.Tensor {
  const backend = tf.backend() as unknown as MathBackendWebGL;
  const info = backend.compileAndRun(new ThreefryAloneProgram(size), [], 'float32', [[0x12345678, 0x9abcdef]]);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The generator limit of a forward (one pass) and of a step (one pass each way), for a 1-D x on webgl. */
export function webglGeneratorLimits(size: number): {forward: Contender, step: Contender} {
  return {
    forward: {name: 'Threefry alone', run: () => generatorPass(size)},
    step: {name: 'Threefry alone, twice', run: () => {
      const first = generatorPass(size);
      const second = generatorPass(size);
      first.dispose();
      return second;
    }},
  };
}
