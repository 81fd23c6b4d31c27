/**
 * AlphaDropout's shader programs for tfjs-backend-webgl, forward and gradient,
 * unpacked (one value per texel) and packed (2×2 values per texel), laid out
 * like the SELU programs (selu_gpu.ts). On WebGL 2 the keep decisions come
 * from Threefry-2x32-20 inside the shader (GLSL ES 3.0 `uint` arithmetic,
 * generated from src/random/threefry.ts), so the mask is never a tensor; the
 * key words, threshold, a, b, the dropped value and the mask strides are
 * uniforms, so one compiled shader serves every key and rate. GLSL ES 1.0
 * (WebGL 1) has no integers: there the mask is drawn on the host by the same
 * generator and read as a float input (AlphaDropoutHostMaskProgram).
 */
import type {GPGPUProgram} from '@tensorflow/tfjs-backend-webgl';
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import {broadcastMaskStrides} from '../../src/math/alpha_dropout_loops.js';
import {MASK_ELEMENT_BITS, MASK_ELEMENTS_PER_BLOCK, MASK_STREAM} from '../../src/random/threefry.js';
import {MASK_BLOCK_SHIFT, MASK_ELEMENT_LOW_BITS, MASK_ELEMENTS_PER_WORD, threefryGlsl} from '../../src/codegen/threefry.js';
import {useShapeUniforms} from './selu_gpu.js';

type Uniforms = NonNullable<GPGPUProgram['customUniforms']>;

/**
 * What a program writes: the forward a·x + b where kept and dropValue where
 * dropped; the gradient a·dy where kept and 0 where dropped.
 */
export type AlphaDropoutDirection = 'forward' | 'gradient';

/** Components of getOutputCoords() by axis (ivec2…ivec4, and tfjs's ivec5/ivec6 structs). */
const COORD_FIELDS = ['x', 'y', 'z', 'w', 'u', 'v'];

/** GLSL of axis k's output coordinate in `coords` (an int for rank 1). */
function coordinate(coords: string, rank: number, k: number): string {
  return rank === 1 ? coords : `${coords}.${COORD_FIELDS[k]}`;
}

/** GLSL of the mask index Σ_k coords_k · noiseStrides[k] (0 for a scalar). */
function maskIndex(coords: string, rank: number): string {
  if (rank === 0) return '0';
  return Array.from({length: rank}, (_, k) => `${coordinate(coords, rank, k)} * noiseStrides[${k}]`).join(' + ');
}

/** GLSL of `float dropoutOne(float v, bool keep)` for one direction. */
function dropoutOneGlsl(direction: AlphaDropoutDirection): string {
  const kept = direction === 'forward' ? 'dropoutA * v + dropoutB' : 'dropoutA * v';
  const dropped = direction === 'forward' ? 'dropoutValue' : '0.0';
  return `
  float dropoutOne(float v, bool keep) {
    return keep ? ${kept} : ${dropped};
  }
`;
}

/**
 * GLSL ES 3.0 of the generator and the keep rule: `dropoutBlock(m)` is the
 * block (m >> 2, MASK_STREAM) under the key that holds mask element m;
 * `dropoutWord` its word holding m (word 0 for quarters 0 and 1);
 * `dropoutHalves` the keep decisions of a word's low and high 16 bits (the
 * elements of an even m and m + 1); `dropoutKeep` element m's, whose bits are
 * the (m & 1)-th half of that word. Kept when the bits are >= the threshold
 * (unsigned). The int uniforms carry the unsigned words' bit patterns;
 * uint(int) keeps them. GLSL's >> on uint is logical.
 */
const GENERATOR_GLSL = `${threefryGlsl()}
  uvec2 dropoutBlock(int m) {
    return tfjsThreefry2x32(uint(dropoutKey.x), uint(dropoutKey.y), uint(m >> ${MASK_BLOCK_SHIFT}), ${MASK_STREAM}u);
  }

  uint dropoutWord(uvec2 block, int m) {
    return (m & ${MASK_ELEMENTS_PER_WORD}) == 0 ? block.x : block.y;
  }

  bvec2 dropoutHalves(uint word) {
    uint threshold = uint(dropoutThreshold);
    return bvec2((word & ${MASK_ELEMENT_LOW_BITS}) >= threshold, (word >> ${MASK_ELEMENT_BITS}u) >= threshold);
  }

  bool dropoutKeep(uvec2 block, int m) {
    bvec2 halves = dropoutHalves(dropoutWord(block, m));
    return (m & ${MASK_ELEMENTS_PER_WORD - 1}) == 0 ? halves.x : halves.y;
  }
`;

/**
 * GLSL of the lanes a packed texel has beyond the tensor (an odd last or
 * second-last dimension) set to 0, as tfjs's packed binary ops do where a
 * padded lane could otherwise reach a packed matmul's sums.
 */
const ZERO_PADDING_GLSL = `
    if (!hasCol1) { result.g = 0.0; result.a = 0.0; }
    if (!hasRow1) { result.b = 0.0; result.a = 0.0; }
`;

/** GLSL declaring `col`, `row`, `hasCol1`, `hasRow1` of a packed texel whose first coordinates are `rc`. */
function texelGeometry(rank: number): string {
  const col = rank === 0 ? '0' : coordinate('rc', rank, rank - 1);
  const row = rank < 2 ? '0' : coordinate('rc', rank, rank - 2);
  return `
    int col = ${col};
    int row = ${row};
    bool hasCol1 = col + 1 < dropoutLastDims.y;
    bool hasRow1 = row + 1 < dropoutLastDims.x;
`;
}

/** `coords = getOutputCoords()` for ranks with coordinates (tfjs's coordinate types). */
function outputCoords(name: string, rank: number): string {
  if (rank === 0) return '';
  return `${rank === 1 ? 'int' : `ivec${rank}`} ${name} = getOutputCoords();`;
}

/**
 * What every AlphaDropout program shares: element-wise over one shape,
 * float32 output, the uniforms of its direction, shape uniforms where tfjs
 * uses them, packed inputs and output when packed (so a packed graph runs it
 * without conversions).
 */
abstract class AlphaDropoutFamilyProgram implements GPGPUProgram {
  outputShape: number[];
  userCode = '';
  enableShapeUniforms: boolean;
  customUniforms: Uniforms;
  packedInputs: boolean;
  packedOutput: boolean;

  protected constructor(readonly variableNames: string[], shape: number[], readonly direction: AlphaDropoutDirection,
                        packed: boolean, generatorUniforms: Uniforms) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.packedInputs = packed;
    this.packedOutput = packed;
    this.customUniforms = [
      ...generatorUniforms,
      ...(packed ? [{name: 'dropoutLastDims', type: 'ivec2' as const}] : []),
      {name: 'dropoutA', type: 'float'},
      ...(direction === 'forward' ? [{name: 'dropoutB', type: 'float' as const}, {name: 'dropoutValue', type: 'float' as const}] : []),
    ];
  }

  /** The values of `customUniforms`, in their order, for `attrs`. */
  uniformValues(attrs: AlphaDropoutAttrs): number[][] {
    const shape = this.outputShape;
    const rank = shape.length;
    return [
      ...this.generatorValues(attrs),
      ...(this.packedOutput ? [[rank >= 2 ? shape[rank - 2]! : 1, rank >= 1 ? shape[rank - 1]! : 1]] : []),
      [attrs.a],
      ...(this.direction === 'forward' ? [[attrs.b], [attrs.dropValue]] : []),
    ];
  }

  protected abstract generatorValues(attrs: AlphaDropoutAttrs): number[][];
}

/** The generator's uniforms for a rank: the key, the threshold and the mask strides. */
function generatorUniforms(rank: number): Uniforms {
  return [
    {name: 'dropoutKey', type: 'ivec2'},
    {name: 'dropoutThreshold', type: 'int'},
    ...(rank > 0 ? [{name: 'noiseStrides', type: 'int' as const, arrayIndex: rank}] : []),
  ];
}

/** Keys and threshold as int32 bit patterns (what uniform1iv takes), and the mask strides. */
function generatorValues(attrs: AlphaDropoutAttrs, rank: number): number[][] {
  return [
    [attrs.keyLo | 0, attrs.keyHi | 0],
    [attrs.threshold | 0],
    ...(rank > 0 ? [broadcastMaskStrides(attrs.noiseShape)] : []),
  ];
}

/**
 * How a packed texel's two columns (c, c+1; c even) find their bits, fixed by
 * the mask shape: 'sameWord' when the mask's last dimension is even (then
 * every mask index m of column c is even, and c+1's is m + 1: the low and
 * high halves of one word), 'sameElement' when that axis is broadcast (both
 * columns read one mask element), 'either' otherwise (a second block where
 * the pair straddles two, m & 3 = 3). The fixed cases need no branch, which
 * SwiftShader would run both ways.
 */
type ColumnPairing = 'sameWord' | 'sameElement' | 'either';

/**
 * How a packed texel's second row (r+1; r even) finds its bits: 'sameRow'
 * when that axis is broadcast or absent (the first row's decisions),
 * 'sameBlock' when the mask shape puts both rows in the first row's block at
 * every texel, 'ownBlock' otherwise. 'sameBlock' means one block for the
 * whole texel, in two layouts: a last dimension of 2 with every mask index of
 * row r a multiple of 4 (the texel's four elements are the block's four
 * quarters in order), or a broadcast last axis with every index of row r even
 * (rows r and r+1 are the low and high halves of one word).
 */
type RowPairing = 'sameRow' | 'sameBlock' | 'ownBlock';

function columnPairing(noiseShape: number[]): ColumnPairing {
  const last = noiseShape[noiseShape.length - 1];
  if (last === undefined || last === 1) return 'sameElement';
  return last % MASK_ELEMENTS_PER_WORD === 0 ? 'sameWord' : 'either';
}

function rowPairing(noiseShape: number[]): RowPairing {
  const rank = noiseShape.length;
  if (rank < 2 || noiseShape[rank - 2] === 1) return 'sameRow';
  // Rows r, r+1 (r even) of `last` elements each: `span` mask elements from r · last + Σ outer coordinates · strides.
  const last = noiseShape[rank - 1]!;
  const span = 2 * last;
  const aligned = broadcastMaskStrides(noiseShape).slice(0, rank - 2).every(stride => stride % span === 0);
  return aligned && (span === MASK_ELEMENTS_PER_WORD || span === MASK_ELEMENTS_PER_BLOCK) ? 'sameBlock' : 'ownBlock';
}

/** GLSL declaring `bvec2 name`, the keep decisions of columns c and c+1 whose first mask index is `m`. */
function keepPairGlsl(name: string, m: string, pairing: ColumnPairing): string {
  switch (pairing) {
    case 'sameWord':
      return `bvec2 ${name} = dropoutHalves(dropoutWord(dropoutBlock(${m}), ${m}));`;
    case 'sameElement':
      return `bool ${name}Keep = dropoutKeep(dropoutBlock(${m}), ${m});
    bvec2 ${name} = bvec2(${name}Keep, ${name}Keep);`;
    case 'either':
      return `bvec2 ${name} = dropoutKeepPair(${m}, colStep, hasCol1);`;
  }
}

/** GLSL declaring `bvec2 top, bottom`, the keep decisions of a packed texel's rows, whose first mask index is `m`. */
function keepTexelGlsl(rank: number, columns: ColumnPairing, rows: RowPairing): string {
  switch (rows) {
    case 'sameRow':
      return `${keepPairGlsl('top', 'm', columns)}
    bvec2 bottom = top;`;
    case 'ownBlock':
      return `${keepPairGlsl('top', 'm', columns)}
    ${keepPairGlsl('bottom', `m + noiseStrides[${rank - 2}]`, columns)}`;
    case 'sameBlock':
      // m is a multiple of the span: a last dimension of 2 reads the block's words in order, a broadcast one a word's halves.
      return columns === 'sameWord' ? `uvec2 texelBlock = dropoutBlock(m);
    bvec2 top = dropoutHalves(texelBlock.x);
    bvec2 bottom = dropoutHalves(texelBlock.y);` : `bvec2 rowHalves = dropoutHalves(dropoutWord(dropoutBlock(m), m));
    bvec2 top = rowHalves.xx;
    bvec2 bottom = rowHalves.yy;`;
  }
}

/** Generator programs (WebGL 2): the mask never exists as a tensor. */
abstract class AlphaDropoutGeneratorProgram extends AlphaDropoutFamilyProgram {
  protected constructor(shape: number[], noiseShape: number[], direction: AlphaDropoutDirection, packed: boolean) {
    super(['x'], shape, direction, packed, generatorUniforms(shape.length));
    const rank = shape.length;
    this.userCode = packed ? `
  ${GENERATOR_GLSL}
  ${dropoutOneGlsl(direction)}

  // Keep decisions of mask elements m0 and m0 + step, one block when they share it.
  bvec2 dropoutKeepPair(int m0, int step, bool second) {
    int m1 = m0 + step;
    uvec2 block0 = dropoutBlock(m0);
    uvec2 block1 = block0;
    if (second && (m1 >> ${MASK_BLOCK_SHIFT}) != (m0 >> ${MASK_BLOCK_SHIFT})) block1 = dropoutBlock(m1);
    return bvec2(dropoutKeep(block0, m0), dropoutKeep(block1, m1));
  }

  void main() {
    ${outputCoords('rc', rank)}
    ${texelGeometry(rank)}
    int m = ${maskIndex('rc', rank)};
    int colStep = ${rank >= 1 ? `noiseStrides[${rank - 1}]` : '0'};
    ${keepTexelGlsl(rank, columnPairing(noiseShape), rowPairing(noiseShape))}
    vec4 v = getXAtOutCoords();
    vec4 result = vec4(dropoutOne(v.r, top.x), dropoutOne(v.g, top.y), dropoutOne(v.b, bottom.x), dropoutOne(v.a, bottom.y));
    ${ZERO_PADDING_GLSL}
    setOutput(result);
  }
` : `
  ${GENERATOR_GLSL}
  ${dropoutOneGlsl(direction)}

  void main() {
    ${outputCoords('coords', rank)}
    int m = ${maskIndex('coords', rank)};
    setOutput(dropoutOne(getXAtOutCoords(), dropoutKeep(dropoutBlock(m), m)));
  }
`;
  }

  protected generatorValues(attrs: AlphaDropoutAttrs): number[][] {
    return generatorValues(attrs, this.outputShape.length);
  }
}

/** Forward, one value per texel. */
export class AlphaDropoutProgram extends AlphaDropoutGeneratorProgram {
  constructor(shape: number[], noiseShape: number[]) {
    super(shape, noiseShape, 'forward', false);
  }
}

/** Forward, four values per texel. */
export class AlphaDropoutPackedProgram extends AlphaDropoutGeneratorProgram {
  constructor(shape: number[], noiseShape: number[]) {
    super(shape, noiseShape, 'forward', true);
  }
}

/** Gradient, one value per texel. */
export class AlphaDropoutGradProgram extends AlphaDropoutGeneratorProgram {
  constructor(shape: number[], noiseShape: number[]) {
    super(shape, noiseShape, 'gradient', false);
  }
}

/** Gradient, four values per texel. */
export class AlphaDropoutGradPackedProgram extends AlphaDropoutGeneratorProgram {
  constructor(shape: number[], noiseShape: number[]) {
    super(shape, noiseShape, 'gradient', true);
  }
}

/**
 * WebGL 1 (GLSL ES 1.0, no integers): the keep decisions come from a second
 * input, the float 0/1 mask of shape noiseShape drawn on the host by the same
 * generator, broadcast over the output by tfjs's samplers. Either direction,
 * packed or not; exact in half-float textures too (0 and 1 are).
 */
export class AlphaDropoutHostMaskProgram extends AlphaDropoutFamilyProgram {
  constructor(shape: number[], direction: AlphaDropoutDirection, packed: boolean) {
    super(['x', 'keep'], shape, direction, packed, []);
    const rank = shape.length;
    this.userCode = packed ? `
  ${dropoutOneGlsl(direction)}

  void main() {
    ${outputCoords('rc', rank)}
    ${texelGeometry(rank)}
    vec4 v = getXAtOutCoords();
    vec4 k = getKeepAtOutCoords();
    vec4 result = vec4(dropoutOne(v.r, k.r > 0.5), dropoutOne(v.g, k.g > 0.5), dropoutOne(v.b, k.b > 0.5),
                       dropoutOne(v.a, k.a > 0.5));
    ${ZERO_PADDING_GLSL}
    setOutput(result);
  }
` : `
  ${dropoutOneGlsl(direction)}

  void main() {
    setOutput(dropoutOne(getXAtOutCoords(), getKeepAtOutCoords() > 0.5));
  }
`;
  }

  protected generatorValues(): number[][] {
    return [];
  }
}
