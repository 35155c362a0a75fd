/** The indexes of the k highest positive scores, best first (ties: lower index first). */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const best: number[] = []
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!
    if (!(s > 0)) continue
    if (best.length === k && s <= scores[best[k - 1]!]!) continue
    let j = best.length === k ? k - 1 : best.length
    while (j > 0 && scores[best[j - 1]!]! < s) j--
    best.splice(j, 0, i)
    if (best.length > k) best.pop()
  }
  return best
}
