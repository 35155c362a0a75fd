;; The accumulation kernel of Bm25fScorer (see score-arena.ts): for postings i in [from, to) of a
;; posting region, scores[docs[i]] += factor * sats[i].
;;
;; docs are i32, sats f32, scores f64; $docs, $sats and $scores are byte offsets into the one
;; imported memory. The same operations as the JavaScript loop, in the same order (f32 promoted to
;; f64, one multiply, one add: wasm never fuses them), so the scores are the same bit for bit.
;; Four postings a step, as the JavaScript loop does: their documents differ (a term's postings
;; are distinct documents), so the order of additions per document is unchanged, and the
;; independent loads and stores overlap.
;;
;; Compiled into accumulate-wasm.ts by `npm run wasm` (wabt); a test checks the two agree.
(module
  (import "env" "memory" (memory 1))
  (func (export "accumulate")
    (param $docs i32) (param $sats i32) (param $scores i32) (param $from i32) (param $to i32) (param $factor f64)
    (local $d i32) (local $s i32) (local $end i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    ;; $d and $s walk the documents and saturations; $end is where the documents stop.
    (local.set $d (i32.add (local.get $docs) (i32.shl (local.get $from) (i32.const 2))))
    (local.set $s (i32.add (local.get $sats) (i32.shl (local.get $from) (i32.const 2))))
    (local.set $end (i32.add (local.get $docs) (i32.shl (local.get $to) (i32.const 2))))
    (block $fours
      (loop $four
        ;; Four more postings while $d + 16 <= $end.
        (br_if $fours (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $end)))
        (local.set $a0 (i32.add (local.get $scores) (i32.shl (i32.load offset=0 (local.get $d)) (i32.const 3))))
        (local.set $a1 (i32.add (local.get $scores) (i32.shl (i32.load offset=4 (local.get $d)) (i32.const 3))))
        (local.set $a2 (i32.add (local.get $scores) (i32.shl (i32.load offset=8 (local.get $d)) (i32.const 3))))
        (local.set $a3 (i32.add (local.get $scores) (i32.shl (i32.load offset=12 (local.get $d)) (i32.const 3))))
        (f64.store (local.get $a0) (f64.add (f64.load (local.get $a0)) (f64.mul (local.get $factor) (f64.promote_f32 (f32.load offset=0 (local.get $s))))))
        (f64.store (local.get $a1) (f64.add (f64.load (local.get $a1)) (f64.mul (local.get $factor) (f64.promote_f32 (f32.load offset=4 (local.get $s))))))
        (f64.store (local.get $a2) (f64.add (f64.load (local.get $a2)) (f64.mul (local.get $factor) (f64.promote_f32 (f32.load offset=8 (local.get $s))))))
        (f64.store (local.get $a3) (f64.add (f64.load (local.get $a3)) (f64.mul (local.get $factor) (f64.promote_f32 (f32.load offset=12 (local.get $s))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br $four)
      )
    )
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $a0 (i32.add (local.get $scores) (i32.shl (i32.load (local.get $d)) (i32.const 3))))
        (f64.store (local.get $a0) (f64.add (f64.load (local.get $a0)) (f64.mul (local.get $factor) (f64.promote_f32 (f32.load (local.get $s))))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br $one)
      )
    )
  )
)
