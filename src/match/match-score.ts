/**
 * 匹配度: a score from 0 to 100 whose bands mean something to a platform user, computed from
 * how much of the query's information a candidate covers and which constraints it breaks.
 *
 * coverage = rankingScore / maxTextScore          (maxTextScore = Σ qw·idf·(k1+1))
 * 匹配度    = round(100 · (1 − e^(−coverage / scale)) · constraintFactor · min(1, information / 3))
 *
 * information counts the need's informative terms (Σ min(qw, 1)·idf / ln(1 + N)): a need that
 * names almost nothing ("预算面议，详见描述") covers itself cheaply, and must not reach a high band.
 *
 * coverage is the share of the query's idf-weighted terms the candidate matches, with BM25
 * saturation; needs are long and state much that no record matches (their situation, costs),
 * so a full solution typically covers 15–40% of it. `scale` maps that range onto the upper
 * bands. Measured on the sample data (dev + dev-hard needs, top 10 achievements and experts
 * each, default channels and thesaurus, scale 0.25): of results scoring 80+, 100% solve the
 * need (grade ≥ 2); 60–79: 66%; 40–59: 18%; below 40: 1%. Scale 0.2 gave 91% / 48% / 9% / 1%;
 * 0.3 gave 100% / 77% / 33% / 2% with fewer results in the upper bands.
 */
import { invalidOption } from '../errors.js'

/** The documented bands, from the top. */
export const MATCH_BANDS = [
  { min: 80, label: '高度匹配' },
  { min: 60, label: '较好匹配' },
  { min: 40, label: '一般匹配' },
  { min: 0, label: '弱相关' },
] as const

export type MatchBand = (typeof MATCH_BANDS)[number]['label']

/** Informative terms a need must have for its 匹配度 not to be scaled down. */
export const MIN_INFORMATION = 3

/** Default coverage scale of {@link matchScore}. */
export const DEFAULT_MATCH_SCORE_SCALE = 0.25

/** Validates the coverage scale. */
export function toMatchScoreScale(scale: number | undefined): number {
  const s = scale ?? DEFAULT_MATCH_SCORE_SCALE
  if (!Number.isFinite(s) || s <= 0) invalidOption('matchScoreScale', s, 'must be a finite number > 0')
  return s
}

/**
 * Computes 匹配度.
 *
 * @param coverage Ranking score over the query's maximum text score; ≥ 0.
 * @param constraintFactor The product of missed-constraint penalties, in (0, 1].
 * @param scale The coverage at which the score reaches 63.
 * @param information The need's informative terms; below {@link MIN_INFORMATION} the score shrinks in proportion.
 * @returns An integer in [0, 100].
 */
export function matchScore(coverage: number, constraintFactor: number, scale: number, information = MIN_INFORMATION): number {
  if (!(coverage > 0)) return 0
  const value = 100 * (1 - Math.exp(-coverage / scale)) * constraintFactor * Math.min(1, Math.max(0, information) / MIN_INFORMATION)
  return Math.max(0, Math.min(100, Math.round(value)))
}

/** The band of a 匹配度. */
export function matchBand(score: number): MatchBand {
  for (const band of MATCH_BANDS) if (score >= band.min) return band.label
  return '弱相关'
}
