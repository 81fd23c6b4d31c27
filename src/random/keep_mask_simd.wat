;; AlphaDropout's keep mask on the host, SIMD: the keep decisions (bytes, 1 kept, 0 dropped) of mask
;; elements first … first + n − 1 (n a multiple of 16, first a multiple of 4) into this module's own
;; memory at byte offset `out`. Mask element 4j + q takes the q-th little-endian 16-bit quarter of
;; Threefry-2x32-20 block (j, stream) = (w0, w1) under key (k0, k1), k2 the third schedule word; kept
;; when those 16 bits are >= threshold, compared unsigned: the rule of src/random/threefry.ts, four
;; blocks (sixteen elements) per pass. Used by src/math/alpha_dropout_loops.ts for the fallback's
;; host mask, WebGL 1 and the cpu kernels.
;;
;; scripts/build_wasm.ts compiles this text with wabt (generated module, not committed), filling in
;;   {{threefry steps}}  Threefry-2x32-20's rounds on four blocks (src/codegen/threefry.ts)
;;   {{keep decisions}}  their sixteen keep decisions in element order, in $lo and $hi (same file)
(module
  (memory (export "memory") 1)
  (func (export "keepMask") (param $out i32) (param $n i32) (param $first i32)
        (param $k0 i32) (param $k1 i32) (param $k2 i32) (param $stream i32) (param $threshold i32)
    (local $end i32) (local $counter v128) (local $ks0 v128) (local $ks1 v128) (local $ks2 v128)
    (local $x0 v128) (local $x1 v128) (local $vthreshold v128) (local $lo v128) (local $hi v128)
    (local.set $ks0 (i32x4.splat (local.get $k0)))
    (local.set $ks1 (i32x4.splat (local.get $k1)))
    (local.set $ks2 (i32x4.splat (local.get $k2)))
    (local.set $vthreshold (i16x8.splat (local.get $threshold)))
    (local.set $counter
      (i32x4.add (i32x4.splat (i32.shr_u (local.get $first) (i32.const 2))) (v128.const i32x4 0 1 2 3)))
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $x0 (i32x4.add (local.get $counter) (local.get $ks0)))
        (local.set $x1 (i32x4.add (i32x4.splat (local.get $stream)) (local.get $ks1)))
        {{threefry steps}}
        ;; Sixteen-bit lanes of elements 0 … 7 in $lo, 8 … 15 in $hi, as −1 (kept) / 0.
        {{keep decisions}}
        ;; Narrowed to sixteen bytes of −1 / 0 (saturating keeps them), masked to 1 / 0.
        (v128.store (local.get $out)
          (v128.and
            (i8x16.narrow_i16x8_s (local.get $lo) (local.get $hi))
            (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
        (local.set $counter (i32x4.add (local.get $counter) (v128.const i32x4 4 4 4 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $out) (local.get $end))))))
)
