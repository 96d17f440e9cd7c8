;; find(start, end, needle, m, out, outMax) -> count
;;
;; Every position p in [start, end - m] where the m-byte needle starts, compared per byte j as
;; (mem[p + j] | mask[j]) == needle[j]: the needle's bytes are at `needle`, its masks 64 bytes further
;; (0x20 on ASCII letters, with the needle in lower case, ignores ASCII case; 0 compares exactly). The
;; positions go to `out` as u32, at most outMax of them; a caller that gets outMax continues after the last.
;;
;; 64 positions a round, in four 16-byte blocks: the needle's first and last bytes (with their masks)
;; select candidate positions (one bit each in a 64-bit mask), whose bytes in between are then compared one
;; by one (rare for a user name). Reads up to 64 + m bytes past the round's start (the caller's memory has
;; room). Plain-JS twin (the reference in tests): kernels-js.ts.
(module
  (import "env" "mem" (memory 1))

  (func (export "find")
    (param $start i32) (param $end i32) (param $needle i32) (param $m i32) (param $out i32) (param $outMax i32)
    (result i32)
    (local $p i32) (local $pLast i32) (local $last i32) (local $lastByte i32) (local $count i32)
    (local $pos i32) (local $j i32) (local $bits i64)
    (local $first v128) (local $firstMask v128) (local $final v128) (local $finalMask v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (if (i32.eqz (local.get $m)) (then (return (i32.const 0))))
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $start)) (local.get $m)) (then (return (i32.const 0))))
    ;; The last position a needle can start at.
    (local.set $last (i32.sub (local.get $end) (local.get $m)))
    (local.set $lastByte (i32.sub (i32.add (local.get $needle) (local.get $m)) (i32.const 1)))
    (local.set $first (i8x16.splat (i32.load8_u (local.get $needle))))
    (local.set $firstMask (i8x16.splat (i32.load8_u offset=64 (local.get $needle))))
    (local.set $final (i8x16.splat (i32.load8_u (local.get $lastByte))))
    (local.set $finalMask (i8x16.splat (i32.load8_u offset=64 (local.get $lastByte))))
    (local.set $p (local.get $start))
    (block $done
      (loop $round
        (br_if $done (i32.gt_s (local.get $p) (local.get $last)))
        ;; Where the needle's last byte would be for a needle starting at p.
        (local.set $pLast (i32.sub (i32.add (local.get $p) (local.get $m)) (i32.const 1)))
        ;; Candidates: the first byte and the last byte both match.
        (local.set $b0 (v128.and
          (i8x16.eq (v128.or (v128.load offset=0 align=1 (local.get $p)) (local.get $firstMask)) (local.get $first))
          (i8x16.eq (v128.or (v128.load offset=0 align=1 (local.get $pLast)) (local.get $finalMask)) (local.get $final))))
        (local.set $b1 (v128.and
          (i8x16.eq (v128.or (v128.load offset=16 align=1 (local.get $p)) (local.get $firstMask)) (local.get $first))
          (i8x16.eq (v128.or (v128.load offset=16 align=1 (local.get $pLast)) (local.get $finalMask)) (local.get $final))))
        (local.set $b2 (v128.and
          (i8x16.eq (v128.or (v128.load offset=32 align=1 (local.get $p)) (local.get $firstMask)) (local.get $first))
          (i8x16.eq (v128.or (v128.load offset=32 align=1 (local.get $pLast)) (local.get $finalMask)) (local.get $final))))
        (local.set $b3 (v128.and
          (i8x16.eq (v128.or (v128.load offset=48 align=1 (local.get $p)) (local.get $firstMask)) (local.get $first))
          (i8x16.eq (v128.or (v128.load offset=48 align=1 (local.get $pLast)) (local.get $finalMask)) (local.get $final))))
        (if (v128.any_true (v128.or (v128.or (local.get $b0) (local.get $b1)) (v128.or (local.get $b2) (local.get $b3))))
          (then
            ;; Bit i: a candidate at p + i.
            (local.set $bits (i64.or
              (i64.or (i64.extend_i32_u (i8x16.bitmask (local.get $b0)))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b1))) (i64.const 16)))
              (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b2))) (i64.const 32))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b3))) (i64.const 48)))))
            (block $candidatesDone
              (loop $candidate
                (br_if $candidatesDone (i64.eqz (local.get $bits)))
                (local.set $pos (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                ;; Clear the lowest set bit.
                (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                (br_if $candidate (i32.gt_s (local.get $pos) (local.get $last)))
                ;; The bytes between the first and the last.
                (local.set $j (i32.const 1))
                (block $mismatch
                  (loop $byte
                    (if (i32.ge_s (local.get $j) (i32.sub (local.get $m) (i32.const 1)))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pos))
                        (local.set $count (i32.add (local.get $count) (i32.const 1)))
                        (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))
                        (br $mismatch)))
                    (br_if $mismatch (i32.ne
                      (i32.or
                        (i32.load8_u (i32.add (local.get $pos) (local.get $j)))
                        (i32.load8_u offset=64 (i32.add (local.get $needle) (local.get $j))))
                      (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $byte)))
                (br $candidate)))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $round)))
    (local.get $count)))
