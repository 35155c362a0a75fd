/**
 * Expert finding through documents ("Model 2"): an expert is also scored by the achievements
 * of their team. Achievements carry far more text than a profile, so a need that matches a
 * team's achievement finds the expert behind it even when the profile shares no word with it.
 *
 * link(e, a)  = 匹配度(profile of e → a) / 100, for achievements a of e's institution whose
 *               匹配度 against the profile is at least `minMatchScore`
 * evidence(q, e) = Σ_a link(e, a) · score(q, a) / max_a' score(q, a')
 *
 * @see Balog, Azzopardi, de Rijke, "Formal models for expert finding in enterprise corpora",
 *   SIGIR 2006 (Model 2: document-centric).
 */
import type { Achievement, DocId, Expert } from '../types.js'
import type { Matcher } from './matcher.js'

/** One achievement linked to an expert, with the link's strength in (0, 1]. */
export interface ExpertLink {
  readonly id: DocId
  readonly title: string
  readonly strength: number
}

/** Options of {@link linkExperts}. */
export interface LinkExpertsOptions {
  /** Lowest 匹配度 of the profile against an achievement for a link. Default 20. */
  readonly minMatchScore?: number
  /** Achievements considered per expert. Default 30. */
  readonly depth?: number
}

/** Institution names compared after NFKC and without white space. */
function institutionKey(name: string | undefined): string {
  return (name ?? '').normalize('NFKC').replace(/\s+/g, '')
}

/**
 * Links each expert to the achievements of their institution that match their profile.
 *
 * @param experts The experts.
 * @param achievements A matcher over the achievements.
 * @returns expertId → links, strongest first.
 */
export function linkExperts(experts: readonly Expert[], achievements: Matcher, options: LinkExpertsOptions = {}): Map<DocId, ExpertLink[]> {
  const minMatchScore = options.minMatchScore ?? 20
  const depth = options.depth ?? 30
  const links = new Map<DocId, ExpertLink[]>()
  for (const expert of experts) {
    const key = institutionKey(expert.institution)
    if (!key) continue
    const found: ExpertLink[] = []
    for (const r of achievements.match(expert, { topK: depth, queryKind: 'expert' })) {
      const a = achievements.index.get(r.id) as Achievement | undefined
      if (!a || institutionKey(a.institution) !== key || r.matchScore < minMatchScore) continue
      found.push({ id: r.id, title: a.title, strength: r.matchScore / 100 })
    }
    if (found.length > 0) links.set(expert.id, found)
  }
  return links
}
