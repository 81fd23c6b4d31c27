;; The SIMD kernels of tfjs-selu/wasm: SELU and its output-based gradient, four
;; float32 values at a time (f32x4), on tfjs-backend-wasm's own heap. The module
;; IMPORTS the backend's memory, so it reads and writes tensors where they are:
;; no copies.
;;
;; scripts/build_wasm.ts compiles this text with wabt into two modules, inlined
;; into the bundle: one importing an ordinary memory (the plain wasm builds) and
;; one importing a shared memory (the threaded build). Before compiling it
;; replaces the placeholders:
;;   {{MEMORY}}          the imported memory's limits: `1`, or `1 65536 shared`
;;   {{f32x4 NAME}}      a v128.const of a float32 constant from src/ in all four lanes (exact hex)
;;   {{expm1 locals}}    the v128 locals of expm1($t), generated from src/math/expm1.ts
;;   {{expm1 steps}}     its instructions, which set those locals
;;   {{expm1 result}}    its value
;;   {{threefry steps}}  Threefry-2x32-20's rounds on four blocks, generated from src/random/threefry.ts
;;   {{keep decisions}}  their sixteen keep decisions in element order, in $lo and $hi (src/codegen/threefry.ts)
;;                       (src/codegen/threefry.ts)
;;
;; Both functions take byte offsets into the heap and a count n that is a
;; multiple of 4 (the caller runs the remainder in JavaScript). Addresses are
;; compared unsigned, so the whole 4 GiB heap is addressable.

(module
  (import "env" "memory" (memory {{MEMORY}}))

  ;; y[i] = λ·x[i] for x[i] > 0, λα·expm1(x[i]) otherwise; y may be x.
  ;; expm1 is the package's float32 expm1 (src/math/expm1.ts, scheme 'wasm'):
  ;; t = clamp(x, EXPM1_LOWER_CLAMP, 0) = k·ln2 + r with |r| ≤ ln2/2,
  ;; k = round(t/ln2) by adding 1.5·2^23 (the sum's bits then give 2^k),
  ;; expm1(t) = 2^k·expm1(r) + (2^k − 1), where expm1(r) = r + r²·Q(r) by
  ;; Estrin's scheme: the exact leading r and short dependency chains. Only
  ;; + − × and exact scalings: no exp, no cancellation near 0 (k = 0 leaves
  ;; r = t), nothing overflows. The clamps
  ;; are pmin/pmax (one minps/maxps each; IEEE min/max cost V8 a sequence each
  ;; for NaN and −0): pmin(a, b) = b < a ? b : a keeps a NaN or −0 first
  ;; operand, so NaN propagates, −0 stays on the expm1 path. Positive outputs
  ;; are at least 2^-149, so y > 0 exactly when x > 0 even where λ·x underflows
  ;; (λ < 1): the gradient reads the sign of y.
  (func (export "selu") (param $x i32) (param $y i32) (param $n i32) (param $scale f32) (param $scaleAlpha f32)
    (local $end i32)
    (local $v v128) (local $t v128) (local $lambda v128) (local $lambdaAlpha v128)
    {{expm1 locals}}
    (local.set $lambda (f32x4.splat (local.get $scale)))
    (local.set $lambdaAlpha (f32x4.splat (local.get $scaleAlpha)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $v (v128.load (local.get $x)))
        (local.set $t
          (f32x4.pmax
            (f32x4.pmin (local.get $v) (v128.const f32x4 0 0 0 0))
            {{f32x4 EXPM1_LOWER_CLAMP}}))
        {{expm1 steps}}
        (v128.store (local.get $y)
          (v128.bitselect
            (f32x4.pmax
              (f32x4.mul (local.get $v) (local.get $lambda))
              {{f32x4 FLOAT32_MIN_POSITIVE}})
            (f32x4.mul {{expm1 result}} (local.get $lambdaAlpha))
            (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $x) (local.get $end))))))

  ;; dx[i] = dy[i]·λ where y[i] > 0, dy[i]·(y[i] + λα) elsewhere: one pass
  ;; over dy and y, no exp. NaN in y gives NaN (the comparison is false and
  ;; y + λα is NaN); y = +Inf gives λ.
  (func (export "seluGrad") (param $dy i32) (param $y i32) (param $dx i32) (param $n i32) (param $scale f32)
        (param $scaleAlpha f32)
    (local $end i32) (local $v v128) (local $lambda v128) (local $lambdaAlpha v128)
    (local.set $lambda (f32x4.splat (local.get $scale)))
    (local.set $lambdaAlpha (f32x4.splat (local.get $scaleAlpha)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $v (v128.load (local.get $y)))
        (v128.store (local.get $dx)
          (f32x4.mul
            (v128.load (local.get $dy))
            (v128.bitselect
              (local.get $lambda)
              (f32x4.add (local.get $v) (local.get $lambdaAlpha))
              (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $y) (local.get $end))))))
;;
  ;; AlphaDropout's two kernels (docs/NUMERICS.md, "AlphaDropout"): y[i] = a·x[i] + b where mask
  ;; element `first + i` is kept, `dropped` where it is dropped, for i in [0, n), n a multiple of 16
  ;; and `first` a multiple of 4 (no broadcast: element i is mask element first + i). Mask element
  ;; 4j + q takes the q-th little-endian 16-bit quarter of Threefry-2x32-20 block (j, stream) =
  ;; (w0, w1) under key (k0, k1), ks2 the third schedule word: four blocks (sixteen elements) per
  ;; pass, as src/random/keep_mask_simd.wat draws them. Kept when those 16 bits are >= threshold,
  ;; compared unsigned (an integer decision, as on every backend). The forward passes Keras's a, b
  ;; and dropped value; the gradient a, 0, 0. The value is a float32 product then sum, selected
  ;; bitwise: a dropped NaN or Inf gives `dropped`. y may be x (each group of four is loaded before
  ;; it is stored).
  (func (export "maskedAffine") (param $x i32) (param $y i32) (param $n i32) (param $first i32)
        (param $k0 i32) (param $k1 i32) (param $k2 i32) (param $stream i32) (param $threshold i32)
        (param $a f32) (param $b f32) (param $dropped f32)
    (local $end i32) (local $counter v128) (local $ks0 v128) (local $ks1 v128) (local $ks2 v128)
    (local $x0 v128) (local $x1 v128) (local $va v128) (local $vb v128) (local $vdropped v128)
    (local $vthreshold v128) (local $lo v128) (local $hi v128)
    (local.set $ks0 (i32x4.splat (local.get $k0)))
    (local.set $ks1 (i32x4.splat (local.get $k1)))
    (local.set $ks2 (i32x4.splat (local.get $k2)))
    (local.set $va (f32x4.splat (local.get $a)))
    (local.set $vb (f32x4.splat (local.get $b)))
    (local.set $vdropped (f32x4.splat (local.get $dropped)))
    (local.set $vthreshold (i16x8.splat (local.get $threshold)))
    ;; Blocks first/4 … first/4 + 3 in the four lanes.
    (local.set $counter
      (i32x4.add (i32x4.splat (i32.shr_u (local.get $first) (i32.const 2))) (v128.const i32x4 0 1 2 3)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $x0 (i32x4.add (local.get $counter) (local.get $ks0)))
        (local.set $x1 (i32x4.add (i32x4.splat (local.get $stream)) (local.get $ks1)))
        {{threefry steps}}
        ;; Sixteen-bit lanes of elements 0 … 7 in $lo, 8 … 15 in $hi, as −1 (kept) / 0.
        {{keep decisions}}
        ;; Each group of four elements: its four 16-bit lanes sign-extended to the f32x4 lane mask.
        (v128.store (local.get $y)
          (v128.bitselect
            (f32x4.add (f32x4.mul (v128.load (local.get $x)) (local.get $va)) (local.get $vb))
            (local.get $vdropped)
            (i32x4.extend_low_i16x8_s (local.get $lo))))
        (v128.store offset=16 (local.get $y)
          (v128.bitselect
            (f32x4.add (f32x4.mul (v128.load offset=16 (local.get $x)) (local.get $va)) (local.get $vb))
            (local.get $vdropped)
            (i32x4.extend_high_i16x8_s (local.get $lo))))
        (v128.store offset=32 (local.get $y)
          (v128.bitselect
            (f32x4.add (f32x4.mul (v128.load offset=32 (local.get $x)) (local.get $va)) (local.get $vb))
            (local.get $vdropped)
            (i32x4.extend_low_i16x8_s (local.get $hi))))
        (v128.store offset=48 (local.get $y)
          (v128.bitselect
            (f32x4.add (f32x4.mul (v128.load offset=48 (local.get $x)) (local.get $va)) (local.get $vb))
            (local.get $vdropped)
            (i32x4.extend_high_i16x8_s (local.get $hi))))
        (local.set $counter (i32x4.add (local.get $counter) (v128.const i32x4 4 4 4 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 64)))
        (br_if $next (i32.lt_u (local.get $x) (local.get $end))))))
)
