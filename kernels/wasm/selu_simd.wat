;; The SIMD kernels of tfjs-selu/wasm: SELU and its output-based gradient, four
;; float32 values at a time (f32x4), on tfjs-backend-wasm's own heap. The module
;; IMPORTS the backend's memory, so it reads and writes tensors where they are:
;; no copies.
;;
;; scripts/build_wasm.ts compiles this text with wabt into two modules, inlined
;; into the bundle: one importing an ordinary memory (the plain wasm builds) and
;; one importing a shared memory (the threaded build). Before compiling it
;; replaces the placeholders:
;;   {{MEMORY}}        the imported memory's limits: `1`, or `1 65536 shared`
;;   {{NAME}}          a float32 constant from src/ as an exact hex literal
;;   {{f32x4 NAME}}    the same constant in all four lanes
;;
;; Both functions take byte offsets into the heap and a count n that is a
;; multiple of 4 (the caller runs the remainder in JavaScript). Addresses are
;; compared unsigned, so the whole 4 GiB heap is addressable.

(module
  (import "env" "memory" (memory {{MEMORY}}))

  ;; y[i] = λ·x[i] for x[i] > 0, λα·expm1(x[i]) otherwise; y may be x.
  ;; expm1 by the webgl and webgpu shaders' range reduction (src/math/expm1.ts):
  ;; t = clamp(x, EXPM1_LOWER_CLAMP, 0) = k·ln2 + r with |r| ≤ ln2/2 and
  ;; expm1(t) = 2^k·expm1(r) + (2^k − 1), where expm1(r) = r + r²·Q(r) with
  ;; Q(r) = 1/2! + r/3! + … + r⁶/8! by Estrin's scheme: the exact leading r and
  ;; short dependency chains. Only + − × and exact scalings: no exp, no
  ;; cancellation near 0 (k = 0 leaves r = t), nothing overflows. The clamps
  ;; are pmin/pmax (one minps/maxps each; IEEE min/max cost V8 a sequence each
  ;; for NaN and −0): pmin(a, b) = b < a ? b : a keeps a NaN or −0 first
  ;; operand, so NaN propagates, −0 stays on the expm1 path. Positive outputs
  ;; are at least 2^-149, so y > 0 exactly when x > 0 even where λ·x underflows
  ;; (λ < 1): the gradient reads the sign of y.
  (func (export "selu") (param $x i32) (param $y i32) (param $n i32) (param $scale f32) (param $scaleAlpha f32)
    (local $end i32)
    (local $v v128) (local $t v128) (local $kShifted v128) (local $k v128) (local $r v128) (local $r2 v128)
    (local $p v128) (local $twoK v128) (local $lambda v128) (local $lambdaAlpha v128)
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
            (v128.const {{f32x4 EXPM1_LOWER_CLAMP}})))
        ;; k = round(t/ln2): adding 1.5·2^23 rounds to an integer (ties to even),
        ;; which the sum holds in its low mantissa bits
        (local.set $kShifted
          (f32x4.add
            (f32x4.mul (local.get $t) (v128.const {{f32x4 LOG2E}}))
            (v128.const f32x4 0x1.8p+23 0x1.8p+23 0x1.8p+23 0x1.8p+23)))
        (local.set $k (f32x4.sub (local.get $kShifted) (v128.const f32x4 0x1.8p+23 0x1.8p+23 0x1.8p+23 0x1.8p+23)))
        (local.set $r
          (f32x4.sub
            (f32x4.sub (local.get $t) (f32x4.mul (local.get $k) (v128.const {{f32x4 LN2_HI}})))
            (f32x4.mul (local.get $k) (v128.const {{f32x4 LN2_LO}}))))
        (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
        ;; p = expm1(r) = r + r²·[(1/2! + r/3!) + r²·(1/4! + r/5!) + r⁴·((1/6! + r/7!) + r²/8!)]
        (local.set $p
          (f32x4.add
            (local.get $r)
            (f32x4.mul
              (local.get $r2)
              (f32x4.add
                (f32x4.add
                  (f32x4.add (v128.const {{f32x4 TAYLOR_2}}) (f32x4.mul (v128.const {{f32x4 TAYLOR_3}}) (local.get $r)))
                  (f32x4.mul
                    (local.get $r2)
                    (f32x4.add (v128.const {{f32x4 TAYLOR_4}}) (f32x4.mul (v128.const {{f32x4 TAYLOR_5}}) (local.get $r)))))
                (f32x4.mul
                  (f32x4.mul (local.get $r2) (local.get $r2))
                  (f32x4.add
                    (f32x4.add (v128.const {{f32x4 TAYLOR_6}}) (f32x4.mul (v128.const {{f32x4 TAYLOR_7}}) (local.get $r)))
                    (f32x4.mul (local.get $r2) (v128.const {{f32x4 TAYLOR_8}}))))))))
        ;; 2^k from its bits: kShifted's bits are those of 1.5·2^23 plus k, whose
        ;; low 9 bits are k's; shifted into the exponent field with the bias 127.
        ;; k is in [−44, 0], so 2^k is a normal float32.
        (local.set $twoK
          (i32x4.shl (i32x4.add (local.get $kShifted) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
        (v128.store (local.get $y)
          (v128.bitselect
            (f32x4.pmax
              (f32x4.mul (local.get $v) (local.get $lambda))
              (v128.const {{f32x4 FLOAT32_MIN_POSITIVE}}))
            (f32x4.mul
              (f32x4.add
                (f32x4.mul (local.get $twoK) (local.get $p))
                (f32x4.sub (local.get $twoK) (v128.const f32x4 1 1 1 1)))
              (local.get $lambdaAlpha))
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
)
