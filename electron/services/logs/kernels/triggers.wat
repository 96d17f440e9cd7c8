;; triggers(start, end, out, outMax) -> count
;;
;; Positions p in [start, end) where one of up to 8 three-byte literals starts ("Teddy"): for each of the
;; three byte positions j there are two 16-byte tables, at TABLES + 32j (by the byte's low nibble) and
;; TABLES + 32j + 16 (by its high nibble), each entry a bit set of the literals whose byte j has that
;; nibble (ByteScanner.setTriggers fills them, both cases of ASCII letters). The AND of the six lookups
;; says which literal starts at p. Positions go to `out` as u32, at most outMax of them; a caller that gets
;; outMax continues after the last.
;;
;; 64 bytes a round, in four 16-byte blocks: the nibbles of each block are computed once; for byte j = 1, 2
;; the nibbles of bytes p + j.. are the block's shifted by j lanes, taken with the next block's
;; (i8x16.shuffle). Reads up to 80 bytes past the round's start (the caller's memory has room).
;; Plain-JS twin (the reference in tests): kernels-js.ts.
(module
  (import "env" "mem" (memory 1))

  ;; TABLES in kernels-js.ts.
  (global $tables i32 (i32.const 512))

  (func (export "triggers") (param $start i32) (param $end i32) (param $out i32) (param $outMax i32) (result i32)
    (local $p i32) (local $count i32) (local $bits i32) (local $base i32) (local $pos i32) (local $zero v128) (local $x v128) (local $lowNibble v128)
    ;; The tables: lo/hi by byte position 0, 1, 2.
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    ;; Low (L) and high (H) nibbles of blocks 0..4 (block 4 is the next round's block 0).
    (local $L0 v128) (local $L1 v128) (local $L2 v128) (local $L3 v128) (local $L4 v128)
    (local $H0 v128) (local $H1 v128) (local $H2 v128) (local $H3 v128) (local $H4 v128)
    ;; Hits of blocks 0..3: lane i nonzero when a literal starts at its byte i.
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $lo0 (v128.load offset=0 (global.get $tables)))
    (local.set $hi0 (v128.load offset=16 (global.get $tables)))
    (local.set $lo1 (v128.load offset=32 (global.get $tables)))
    (local.set $hi1 (v128.load offset=48 (global.get $tables)))
    (local.set $lo2 (v128.load offset=64 (global.get $tables)))
    (local.set $hi2 (v128.load offset=80 (global.get $tables)))
    (local.set $lowNibble (i8x16.splat (i32.const 0x0f)))
    (local.set $p (local.get $start))
    (local.set $L0 (v128.and (local.tee $x (v128.load offset=0 align=1 (local.get $p))) (local.get $lowNibble)))
    (local.set $H0 (i8x16.shr_u (local.get $x) (i32.const 4)))
    (block $done
      (loop $round
        (br_if $done (i32.ge_s (local.get $p) (local.get $end)))
        (local.set $L1 (v128.and (local.tee $x (v128.load offset=16 align=1 (local.get $p))) (local.get $lowNibble)))
        (local.set $H1 (i8x16.shr_u (local.get $x) (i32.const 4)))
        (local.set $L2 (v128.and (local.tee $x (v128.load offset=32 align=1 (local.get $p))) (local.get $lowNibble)))
        (local.set $H2 (i8x16.shr_u (local.get $x) (i32.const 4)))
        (local.set $L3 (v128.and (local.tee $x (v128.load offset=48 align=1 (local.get $p))) (local.get $lowNibble)))
        (local.set $H3 (i8x16.shr_u (local.get $x) (i32.const 4)))
        (local.set $L4 (v128.and (local.tee $x (v128.load offset=64 align=1 (local.get $p))) (local.get $lowNibble)))
        (local.set $H4 (i8x16.shr_u (local.get $x) (i32.const 4)))
        ;; Block k: (byte 0 lookups) & (byte 1: nibbles shifted one lane) & (byte 2: shifted two lanes).
        (local.set $b0 (v128.and (v128.and
          (v128.and (i8x16.swizzle (local.get $lo0) (local.get $L0)) (i8x16.swizzle (local.get $hi0) (local.get $H0)))
          (v128.and
            (i8x16.swizzle (local.get $lo1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $L0) (local.get $L1)))
            (i8x16.swizzle (local.get $hi1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $H0) (local.get $H1)))))
          (v128.and
            (i8x16.swizzle (local.get $lo2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $L0) (local.get $L1)))
            (i8x16.swizzle (local.get $hi2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $H0) (local.get $H1))))))
        (local.set $b1 (v128.and (v128.and
          (v128.and (i8x16.swizzle (local.get $lo0) (local.get $L1)) (i8x16.swizzle (local.get $hi0) (local.get $H1)))
          (v128.and
            (i8x16.swizzle (local.get $lo1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $L1) (local.get $L2)))
            (i8x16.swizzle (local.get $hi1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $H1) (local.get $H2)))))
          (v128.and
            (i8x16.swizzle (local.get $lo2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $L1) (local.get $L2)))
            (i8x16.swizzle (local.get $hi2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $H1) (local.get $H2))))))
        (local.set $b2 (v128.and (v128.and
          (v128.and (i8x16.swizzle (local.get $lo0) (local.get $L2)) (i8x16.swizzle (local.get $hi0) (local.get $H2)))
          (v128.and
            (i8x16.swizzle (local.get $lo1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $L2) (local.get $L3)))
            (i8x16.swizzle (local.get $hi1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $H2) (local.get $H3)))))
          (v128.and
            (i8x16.swizzle (local.get $lo2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $L2) (local.get $L3)))
            (i8x16.swizzle (local.get $hi2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $H2) (local.get $H3))))))
        (local.set $b3 (v128.and (v128.and
          (v128.and (i8x16.swizzle (local.get $lo0) (local.get $L3)) (i8x16.swizzle (local.get $hi0) (local.get $H3)))
          (v128.and
            (i8x16.swizzle (local.get $lo1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $L3) (local.get $L4)))
            (i8x16.swizzle (local.get $hi1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $H3) (local.get $H4)))))
          (v128.and
            (i8x16.swizzle (local.get $lo2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $L3) (local.get $L4)))
            (i8x16.swizzle (local.get $hi2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $H3) (local.get $H4))))))
        (if (v128.any_true (v128.or (v128.or (local.get $b0) (local.get $b1)) (v128.or (local.get $b2) (local.get $b3))))
          (then
            ;; The four blocks' hits, each written out: a call here, or one 64-bit mask for the round, makes
            ;; the round's loop a third slower (TurboFan then keeps its vectors in memory).
            ;; Block 0: bit i of $bits is a hit at $base + i.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $b0) (local.get $zero))))
            (local.set $base (local.get $p))
            (block $block0Done
              (loop $block0Hit
                (br_if $block0Done (i32.eqz (local.get $bits)))
                (local.set $pos (i32.add (local.get $base) (i32.ctz (local.get $bits))))
                (if (i32.lt_s (local.get $pos) (local.get $end))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pos))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))))
                ;; Clear the lowest set bit.
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $block0Hit)))
            ;; Block 1: bit i of $bits is a hit at $base + i.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $b1) (local.get $zero))))
            (local.set $base (i32.add (local.get $p) (i32.const 16)))
            (block $block1Done
              (loop $block1Hit
                (br_if $block1Done (i32.eqz (local.get $bits)))
                (local.set $pos (i32.add (local.get $base) (i32.ctz (local.get $bits))))
                (if (i32.lt_s (local.get $pos) (local.get $end))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pos))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))))
                ;; Clear the lowest set bit.
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $block1Hit)))
            ;; Block 2: bit i of $bits is a hit at $base + i.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $b2) (local.get $zero))))
            (local.set $base (i32.add (local.get $p) (i32.const 32)))
            (block $block2Done
              (loop $block2Hit
                (br_if $block2Done (i32.eqz (local.get $bits)))
                (local.set $pos (i32.add (local.get $base) (i32.ctz (local.get $bits))))
                (if (i32.lt_s (local.get $pos) (local.get $end))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pos))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))))
                ;; Clear the lowest set bit.
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $block2Hit)))
            ;; Block 3: bit i of $bits is a hit at $base + i.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $b3) (local.get $zero))))
            (local.set $base (i32.add (local.get $p) (i32.const 48)))
            (block $block3Done
              (loop $block3Hit
                (br_if $block3Done (i32.eqz (local.get $bits)))
                (local.set $pos (i32.add (local.get $base) (i32.ctz (local.get $bits))))
                (if (i32.lt_s (local.get $pos) (local.get $end))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pos))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))))
                ;; Clear the lowest set bit.
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $block3Hit)))))
        (local.set $L0 (local.get $L4))
        (local.set $H0 (local.get $H4))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $round)))
    (local.get $count)))
