;; heads(start, stop, limit, out, outMax) -> count
;;
;; Line starts q (a '\n' at q - 1 in [start, stop); q < limit) whose first byte may begin a line head:
;; a digit, '[', 0xEF (a UTF-8 BOM) or '<' followed by '!' (and, cheaper to let through than to exclude,
;; ':', ';', '=', '>', '?': the other bytes 0x3A-0x3F). Each result is three u32 words in `out`:
;;   q;
;;   RULE_OK (0x80000000) | yyyyMMdd when the rules' head `yyyy-MM-dd HH:mm:ss[.f{1,7}][ ]::` starts at q
;;   and ends before `limit` (the byte rules of ruleHeadLength in heads.ts), else 0;
;;   HH * 3600 + mm * 60 + ss of that head, else 0.
;; At most outMax results; a caller that gets outMax continues from the last q.
;;
;; 64 bytes a round, in four 16-byte blocks: newline bytes whose next byte is a candidate (one bit each in
;; a 64-bit mask). Reads up to 66 bytes past the round's start (the caller's memory has room).
;; Plain-JS twin (the reference in tests): kernels-js.ts.
(module
  (import "env" "mem" (memory 1))

  (func (export "heads")
    (param $start i32) (param $stop i32) (param $limit i32) (param $out i32) (param $outMax i32)
    (result i32)
    (local $p i32) (local $count i32) (local $bits i64) (local $nlAt i32) (local $q i32) (local $at i32)
    (local $i i32) (local $k i32) (local $y i32) (local $mo i32) (local $d i32) (local $h i32) (local $mi i32) (local $s i32)
    (local $nl v128) (local $highNibble v128) (local $digitNibble v128) (local $bracket v128) (local $bom v128)
    (local $lt v128) (local $bang v128) (local $next v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    (local.set $highNibble (i8x16.splat (i32.const 0xf0)))
    (local.set $digitNibble (i8x16.splat (i32.const 0x30)))
    (local.set $bracket (i8x16.splat (i32.const 91)))
    (local.set $bom (i8x16.splat (i32.const 0xef)))
    (local.set $lt (i8x16.splat (i32.const 60)))
    (local.set $bang (i8x16.splat (i32.const 33)))
    (local.set $p (local.get $start))
    (block $done
      (loop $round
        (br_if $done (i32.ge_s (local.get $p) (local.get $stop)))
        ;; Block k: a newline at p + 16k + i, and the byte after it ($next) a candidate.
        (local.set $b0 (v128.and
          (i8x16.eq (v128.load offset=0 align=1 (local.get $p)) (local.get $nl))
          (v128.or (v128.or
            (v128.and
              (i8x16.eq (v128.and (local.tee $next (v128.load offset=1 align=1 (local.get $p))) (local.get $highNibble)) (local.get $digitNibble))
              (v128.or (i8x16.ne (local.get $next) (local.get $lt)) (i8x16.eq (v128.load offset=2 align=1 (local.get $p)) (local.get $bang))))
            (i8x16.eq (local.get $next) (local.get $bracket)))
            (i8x16.eq (local.get $next) (local.get $bom)))))
        (local.set $b1 (v128.and
          (i8x16.eq (v128.load offset=16 align=1 (local.get $p)) (local.get $nl))
          (v128.or (v128.or
            (v128.and
              (i8x16.eq (v128.and (local.tee $next (v128.load offset=17 align=1 (local.get $p))) (local.get $highNibble)) (local.get $digitNibble))
              (v128.or (i8x16.ne (local.get $next) (local.get $lt)) (i8x16.eq (v128.load offset=18 align=1 (local.get $p)) (local.get $bang))))
            (i8x16.eq (local.get $next) (local.get $bracket)))
            (i8x16.eq (local.get $next) (local.get $bom)))))
        (local.set $b2 (v128.and
          (i8x16.eq (v128.load offset=32 align=1 (local.get $p)) (local.get $nl))
          (v128.or (v128.or
            (v128.and
              (i8x16.eq (v128.and (local.tee $next (v128.load offset=33 align=1 (local.get $p))) (local.get $highNibble)) (local.get $digitNibble))
              (v128.or (i8x16.ne (local.get $next) (local.get $lt)) (i8x16.eq (v128.load offset=34 align=1 (local.get $p)) (local.get $bang))))
            (i8x16.eq (local.get $next) (local.get $bracket)))
            (i8x16.eq (local.get $next) (local.get $bom)))))
        (local.set $b3 (v128.and
          (i8x16.eq (v128.load offset=48 align=1 (local.get $p)) (local.get $nl))
          (v128.or (v128.or
            (v128.and
              (i8x16.eq (v128.and (local.tee $next (v128.load offset=49 align=1 (local.get $p))) (local.get $highNibble)) (local.get $digitNibble))
              (v128.or (i8x16.ne (local.get $next) (local.get $lt)) (i8x16.eq (v128.load offset=50 align=1 (local.get $p)) (local.get $bang))))
            (i8x16.eq (local.get $next) (local.get $bracket)))
            (i8x16.eq (local.get $next) (local.get $bom)))))
        (if (v128.any_true (v128.or (v128.or (local.get $b0) (local.get $b1)) (v128.or (local.get $b2) (local.get $b3))))
          (then
            ;; Bit i: a newline at p + i before a candidate.
            (local.set $bits (i64.or
              (i64.or (i64.extend_i32_u (i8x16.bitmask (local.get $b0)))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b1))) (i64.const 16)))
              (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b2))) (i64.const 32))
                      (i64.shl (i64.extend_i32_u (i8x16.bitmask (local.get $b3))) (i64.const 48)))))
            (block $lineStartsDone
              (loop $lineStart
                (br_if $lineStartsDone (i64.eqz (local.get $bits)))
                (local.set $nlAt (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                (local.set $q (i32.add (local.get $nlAt) (i32.const 1)))
                ;; The last round reads past stop: its newlines there are the next call's.
                (br_if $lineStart (i32.ge_s (local.get $nlAt) (local.get $stop)))
                (br_if $lineStart (i32.ge_s (local.get $q) (local.get $limit)))
                (local.set $at (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 12))))
                (i32.store offset=0 (local.get $at) (local.get $q))
                (i32.store offset=4 (local.get $at) (i32.const 0))
                (i32.store offset=8 (local.get $at) (i32.const 0))
                (block $noRuleHead
                  ;; The shortest head, `yyyy-MM-dd HH:mm:ss::`, is 21 bytes.
                  (br_if $noRuleHead (i32.gt_s (i32.add (local.get $q) (i32.const 21)) (local.get $limit)))
                  ;; Bytes 0-15, `yyyy-MM-dd HH:mm`: digits (byte - '0' <u 10) where digits go, else the separator.
                  (br_if $noRuleHead (i32.eqz (i8x16.all_true (v128.bitselect
                    (i8x16.lt_u (i8x16.sub (v128.load align=1 (local.get $q)) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10)))
                    (i8x16.eq (v128.load align=1 (local.get $q)) (v128.const i8x16 0 0 0 0 45 0 0 45 0 0 32 0 0 58 0 0))
                    (v128.const i8x16 -1 -1 -1 -1 0 -1 -1 0 -1 -1 0 -1 -1 0 -1 -1)))))
                  ;; Bytes 16-18, `:ss`.
                  (br_if $noRuleHead (i32.ne (i32.load8_u offset=16 (local.get $q)) (i32.const 58)))
                  (br_if $noRuleHead (i32.gt_u (i32.sub (i32.load8_u offset=17 (local.get $q)) (i32.const 48)) (i32.const 9)))
                  (br_if $noRuleHead (i32.gt_u (i32.sub (i32.load8_u offset=18 (local.get $q)) (i32.const 48)) (i32.const 9)))
                  (local.set $i (i32.add (local.get $q) (i32.const 19)))
                  ;; A fraction: '.' and 1-7 digits (k stops at the first other byte, at limit, or after 8 digits).
                  (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 46))
                    (then
                      (local.set $k (i32.add (local.get $i) (i32.const 1)))
                      (block $fractionEnd
                        (loop $fractionDigit
                          (br_if $fractionEnd (i32.ge_s (local.get $k) (local.get $limit)))
                          (br_if $fractionEnd (i32.gt_s (i32.sub (local.get $k) (local.get $i)) (i32.const 8)))
                          (br_if $fractionEnd (i32.gt_u (i32.sub (i32.load8_u (local.get $k)) (i32.const 48)) (i32.const 9)))
                          (local.set $k (i32.add (local.get $k) (i32.const 1)))
                          (br $fractionDigit)))
                      ;; k - i - 1 digits must be 1..7, i.e. (k - i - 2) <=u 6.
                      (br_if $noRuleHead (i32.gt_u (i32.sub (i32.sub (local.get $k) (local.get $i)) (i32.const 2)) (i32.const 6)))
                      (local.set $i (local.get $k))))
                  ;; An optional space, then '::' before limit.
                  (if (i32.lt_s (local.get $i) (local.get $limit))
                    (then
                      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 32))
                        (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
                  (br_if $noRuleHead (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $limit)))
                  (br_if $noRuleHead (i32.ne (i32.load8_u offset=0 (local.get $i)) (i32.const 58)))
                  (br_if $noRuleHead (i32.ne (i32.load8_u offset=1 (local.get $i)) (i32.const 58)))
                  ;; A rule head: its fields (each byte - '0').
                  (local.set $y (i32.add
                    (i32.mul (i32.add (i32.mul (i32.sub (i32.load8_u offset=0 (local.get $q)) (i32.const 48)) (i32.const 10))
                                      (i32.sub (i32.load8_u offset=1 (local.get $q)) (i32.const 48))) (i32.const 100))
                    (i32.add (i32.mul (i32.sub (i32.load8_u offset=2 (local.get $q)) (i32.const 48)) (i32.const 10))
                             (i32.sub (i32.load8_u offset=3 (local.get $q)) (i32.const 48)))))
                  (local.set $mo (i32.add (i32.mul (i32.sub (i32.load8_u offset=5 (local.get $q)) (i32.const 48)) (i32.const 10))
                                          (i32.sub (i32.load8_u offset=6 (local.get $q)) (i32.const 48))))
                  (local.set $d (i32.add (i32.mul (i32.sub (i32.load8_u offset=8 (local.get $q)) (i32.const 48)) (i32.const 10))
                                         (i32.sub (i32.load8_u offset=9 (local.get $q)) (i32.const 48))))
                  (local.set $h (i32.add (i32.mul (i32.sub (i32.load8_u offset=11 (local.get $q)) (i32.const 48)) (i32.const 10))
                                         (i32.sub (i32.load8_u offset=12 (local.get $q)) (i32.const 48))))
                  (local.set $mi (i32.add (i32.mul (i32.sub (i32.load8_u offset=14 (local.get $q)) (i32.const 48)) (i32.const 10))
                                          (i32.sub (i32.load8_u offset=15 (local.get $q)) (i32.const 48))))
                  (local.set $s (i32.add (i32.mul (i32.sub (i32.load8_u offset=17 (local.get $q)) (i32.const 48)) (i32.const 10))
                                         (i32.sub (i32.load8_u offset=18 (local.get $q)) (i32.const 48))))
                  (i32.store offset=4 (local.get $at) (i32.or (i32.const 0x80000000)
                    (i32.add (i32.mul (i32.add (i32.mul (local.get $y) (i32.const 100)) (local.get $mo)) (i32.const 100)) (local.get $d))))
                  (i32.store offset=8 (local.get $at) (i32.add
                    (i32.add (i32.mul (local.get $h) (i32.const 3600)) (i32.mul (local.get $mi) (i32.const 60)))
                    (local.get $s))))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (if (i32.ge_u (local.get $count) (local.get $outMax)) (then (return (local.get $count))))
                (br $lineStart)))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $round)))
    (local.get $count)))
