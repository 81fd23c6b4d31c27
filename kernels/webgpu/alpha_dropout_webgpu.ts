/**
 * AlphaDropout's compute programs for tfjs-backend-webgpu, forward and
 * gradient, in the layout of the SELU programs (selu_webgpu.ts): flat
 * dispatch over the output, four values per invocation (vec4) when the size
 * is a multiple of 4. The keep decisions come from Threefry-2x32-20 inside
 * the shader (WGSL `u32` arithmetic, generated from src/random/threefry.ts),
 * so the mask is never a tensor; the key words, threshold, a, b, the dropped
 * value and the mask strides are uniforms, so one pipeline serves every key
 * and rate.
 *
 * Mask element m takes the (m & 3)-th 16-bit quarter of block m >> 2
 * (src/random/threefry.ts's maskBits). Without broadcasting (noiseShape =
 * x's shape) mask index = element index: a vec4 invocation covers elements
 * 4i … 4i+3, i.e. exactly block i, one scalar generator per invocation (a
 * quarter block per element); a scalar invocation computes its element's
 * block. With broadcasting each element's mask index comes from its
 * coordinates and the mask strides, and a vec4 invocation runs four blocks as
 * one vec4<u32> generator, each lane taking its element's quarter, unless the
 * mask's rows are whole blocks (AlphaDropoutMaskKind 'blockRows').
 */
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import {broadcastMaskStrides, noiseShapeIsFull} from '../../src/math/alpha_dropout_loops.js';
import {MASK_ELEMENT_BITS, MASK_ELEMENTS_PER_BLOCK, MASK_STREAM} from '../../src/random/threefry.js';
import {MASK_BLOCK_SHIFT, MASK_ELEMENT_LOW_BITS, MASK_ELEMENTS_PER_WORD, threefryWgsl} from '../../src/codegen/threefry.js';
import {MAIN_WITH_INDEX, SeluFamilyProgram} from './selu_webgpu.js';

/**
 * What a program writes: the forward a·x + b where kept and dropValue where
 * dropped; the gradient a·dy where kept and 0 where dropped.
 */
export type AlphaDropoutDirection = 'forward' | 'gradient';

/** Components of getCoordsFromIndex()'s result by axis (vec2…vec4<i32>, and the backend's vec5/vec6 structs). */
const COORD_FIELDS = ['x', 'y', 'z', 'w', 'u', 'v'];

type Uniform = {type: 'float32' | 'int32' | 'uint32', data: number[]};

/**
 * How an invocation finds its mask elements: 'full' without broadcasting
 * (mask index = element index); 'blockRows' when broadcasting keeps the
 * mask's last axis and that is a multiple of 4 long (then so are x's size and
 * rows, every invocation is vec4, and its four elements are the four
 * quarters, in order, of the block holding the first one's mask index: one
 * scalar generator, as without broadcasting); 'broadcast' otherwise (each
 * element's mask index from its coordinates).
 */
export type AlphaDropoutMaskKind = 'full' | 'blockRows' | 'broadcast';

export function alphaDropoutMaskKind(shape: number[], noiseShape: number[]): AlphaDropoutMaskKind {
  if (noiseShapeIsFull(shape, noiseShape)) return 'full';
  const last = noiseShape[noiseShape.length - 1] ?? 1;
  return last > 1 && last % MASK_ELEMENTS_PER_BLOCK === 0 ? 'blockRows' : 'broadcast';
}

/** One program class for both directions, layouts and mask kinds; the shader key tells them apart. */
export class AlphaDropoutProgram extends SeluFamilyProgram {
  override uniforms: string;
  readonly mask: AlphaDropoutMaskKind;
  private readonly broadcast: boolean;

  constructor(shape: number[], noiseShape: number[], readonly direction: AlphaDropoutDirection) {
    super(['x'], shape, direction === 'forward' ? 'tfjsAlphaDropout' : 'tfjsAlphaDropoutGrad');
    this.mask = alphaDropoutMaskKind(shape, noiseShape);
    this.broadcast = this.mask !== 'full';
    // The backend adds the ranks and dtypes to the key; the mask kind is ours to add.
    this.shaderKey += `_${this.mask}`;
    this.uniforms = 'dropoutKeyLo : u32, dropoutKeyHi : u32, dropoutThreshold : u32, dropoutA : f32, ' +
        (direction === 'forward' ? 'dropoutB : f32, dropoutValue : f32, ' : '') +
        (this.broadcast ? shape.map((_, k) => `noiseStride${k} : i32, `).join('') : '');
  }

  /** The values of `uniforms`, in their order, for `attrs`. */
  uniformValues(attrs: AlphaDropoutAttrs): Uniform[] {
    return [
      {type: 'uint32', data: [attrs.keyLo >>> 0]},
      {type: 'uint32', data: [attrs.keyHi >>> 0]},
      {type: 'uint32', data: [attrs.threshold >>> 0]},
      {type: 'float32', data: [attrs.a]},
      ...(this.direction === 'forward' ? [{type: 'float32', data: [attrs.b]}, {type: 'float32', data: [attrs.dropValue]}] as Uniform[] : []),
      ...(this.broadcast ? broadcastMaskStrides(attrs.noiseShape).map((s): Uniform => ({type: 'int32', data: [s]})) : []),
    ];
  }

  /** WGSL of `dropoutOne(v, keep)` for this direction and lane width. */
  private dropoutOneWgsl(): string {
    const {f} = this.types;
    const keep = f === 'f32' ? 'bool' : 'vec4<bool>';
    const kept = this.direction === 'forward' ? 'uniforms.dropoutA * v + uniforms.dropoutB' : 'uniforms.dropoutA * v';
    const dropped = this.direction === 'forward' ? `${f}(uniforms.dropoutValue)` : `${f}(0.0)`;
    return `
  fn dropoutOne(v : ${f}, keep : ${keep}) -> ${f} {
    return select(${dropped}, ${kept}, keep);
  }
`;
  }

  /** WGSL of `dropoutMaskIndex(e)`: element e's coordinates dotted with the mask strides. */
  private maskIndexWgsl(): string {
    const rank = this.outputShape.length;
    const terms = rank <= 1 ? (rank === 0 ? ['0'] : ['coords * uniforms.noiseStride0']) :
      this.outputShape.map((_, k) => `coords.${COORD_FIELDS[k]} * uniforms.noiseStride${k}`);
    return `
  fn dropoutMaskIndex(e : i32) -> i32 {
    let coords = getCoordsFromIndex(e);
    return ${terms.join(' + ')};
  }
`;
  }

  getUserCode(): string {
    const vec4 = this.outputComponent === 4;
    const key = 'uniforms.dropoutKeyLo, uniforms.dropoutKeyHi';
    const stream = `${MASK_STREAM}u`;
    const threshold = vec4 ? 'vec4<u32>(uniforms.dropoutThreshold)' : 'uniforms.dropoutThreshold';
    const low = (word: string, u: string) => `(${word} & ${u}(${MASK_ELEMENT_LOW_BITS}))`;
    const high = (word: string, u: string) => `(${word} >> ${u}(${MASK_ELEMENT_BITS}u))`;
    /** WGSL of the bits of mask elements `m` (i32 lanes of type `i`, u32 lanes `u`) from their blocks' words `w`. */
    const quarter = (m: string, i: string, u: string) => `
      let word = select(w[0], w[1], (${m} & ${i}(${MASK_ELEMENTS_PER_WORD})) != ${i}(0));
      let bits = select(${low('word', u)}, ${high('word', u)}, (${m} & ${i}(${MASK_ELEMENTS_PER_WORD - 1})) != ${i}(0));`;
    let bits: string;
    let generator: string;
    if (this.mask !== 'broadcast' && vec4) {
      // Elements 4·index … 4·index + 3 are one block's four quarters, in order.
      generator = threefryWgsl('u32', 'dropoutThreefry') + (this.broadcast ? this.maskIndexWgsl() : '');
      const block = this.broadcast ? `u32(dropoutMaskIndex(index * 4)) >> ${MASK_BLOCK_SHIFT}u` : 'u32(index)';
      bits = `
      let w = dropoutThreefry(${key}, ${block}, ${stream});
      let bits = vec4<u32>(${low('w[0]', 'u32')}, ${high('w[0]', 'u32')}, ${low('w[1]', 'u32')}, ${high('w[1]', 'u32')});`;
    } else if (vec4) {
      generator = threefryWgsl('vec4<u32>', 'dropoutThreefry') + this.maskIndexWgsl();
      bits = `
      let e = index * 4;
      let m = vec4<i32>(dropoutMaskIndex(e), dropoutMaskIndex(e + 1), dropoutMaskIndex(e + 2), dropoutMaskIndex(e + 3));
      let w = dropoutThreefry(${key}, vec4<u32>(m) >> vec4<u32>(${MASK_BLOCK_SHIFT}u), vec4<u32>(${stream}));` +
        quarter('m', 'vec4<i32>', 'vec4<u32>');
    } else {
      generator = threefryWgsl('u32', 'dropoutThreefry') + (this.broadcast ? this.maskIndexWgsl() : '');
      bits = `
      let m = ${this.broadcast ? 'dropoutMaskIndex(index)' : 'index'};
      let w = dropoutThreefry(${key}, u32(m) >> ${MASK_BLOCK_SHIFT}u, ${stream});` + quarter('m', 'i32', 'u32');
    }
    return `
  ${generator}
  ${this.dropoutOneWgsl()}
  ${MAIN_WITH_INDEX} {
    if (index < uniforms.size) {${bits}
      setOutputAtIndex(index, dropoutOne(getXByOutputIndex(index), bits >= ${threshold}));
    }
  }
`;
  }
}

