/**
 * The constraints that decide whether a technically right answer is usable: 成熟度, 合作方式,
 * price against budget, and region. Each check says met, missed, unknown or info, with a
 * reason in plain Chinese (推荐理由). A missed check lowers the score by a factor, or removes
 * the candidate when the caller makes that constraint hard.
 */
import { invalidOption } from '../errors.js'
import { MATURITY_LEVELS, type Achievement, type Expert, type Need } from '../types.js'
import { formatRegion, parseRegion, regionProximity } from './region.js'

/** The constraints a need can state. */
export type ConstraintName = 'maturity' | 'cooperation' | 'budget' | 'region'
export const CONSTRAINT_NAMES: readonly ConstraintName[] = ['maturity', 'cooperation', 'budget', 'region']

/**
 * met: satisfied. missed: the need states it and the candidate breaks it. unknown: the need
 * states it but the candidate does not say (面议, no maturity). info: the need states nothing;
 * the reason is a fact worth showing (same city), and never changes the score.
 */
export type ConstraintStatus = 'met' | 'missed' | 'unknown' | 'info'

/** One constraint checked for one (need, candidate) pair. */
export interface ConstraintCheck {
  readonly name: ConstraintName
  readonly status: ConstraintStatus
  /** In plain Chinese, e.g. `成熟度：中试，满足“小试及以上”的要求`. */
  readonly reason: string
}

/** Score factor per missed constraint, each in (0, 1]: 1 ignores it, smaller ranks it lower. */
export type ConstraintPenalties = Readonly<Record<ConstraintName, number>>

/**
 * Default factors. The qrels grade a solution that breaks a stated constraint 2 instead of 3:
 * still far better than an unrelated record. A miss should reorder near-ties among relevant
 * candidates, not bury a real solution under unrelated ones of slightly lower text score.
 * Measured on the dev set (achievements nDCG@10, dev / dev-hard): factor 1 → 0.939 / 0.495,
 * 0.95 → 0.939 / 0.509, 0.9 → 0.936 / 0.510, 0.8 → 0.933 / 0.506.
 */
export const DEFAULT_PENALTIES: ConstraintPenalties = { maturity: 0.95, cooperation: 0.95, budget: 0.95, region: 0.95 }

/** What the need requires of a region beyond its own structured fields. */
export interface RegionRequirement {
  /** A province (or 'same' for the need's own province) the candidate must be in. */
  readonly province: string
}

/** Validates penalties: every factor in (0, 1]. */
export function toPenalties(penalties: Partial<ConstraintPenalties> = {}): ConstraintPenalties {
  const merged = { ...DEFAULT_PENALTIES, ...penalties }
  for (const name of CONSTRAINT_NAMES) {
    const v = merged[name]
    if (!Number.isFinite(v) || v <= 0 || v > 1) invalidOption(`penalties.${name}`, v, 'must be within (0, 1]')
  }
  return merged
}

/** The rank of a 成熟度 value (实验室 = 0 … 产业化 = 4), or -1 for free text. */
export function maturityRank(value: string | undefined): number {
  return value === undefined ? -1 : (MATURITY_LEVELS as readonly string[]).indexOf(value.trim())
}

function checkMaturity(need: Need, supply: Achievement): ConstraintCheck {
  const required = maturityRank(need.maturityRequired)
  const actual = maturityRank(supply.maturity)
  const shown = supply.maturity ? `成熟度：${supply.maturity}` : '成熟度：成果未注明'
  if (required < 0) return { name: 'maturity', status: 'info', reason: shown }
  if (actual < 0) return { name: 'maturity', status: 'unknown', reason: `${shown}，需求要求${need.maturityRequired}及以上，需核实` }
  return actual >= required
    ? { name: 'maturity', status: 'met', reason: `${shown}，满足“${need.maturityRequired}及以上”的要求` }
    : { name: 'maturity', status: 'missed', reason: `${shown}，低于需求要求的${need.maturityRequired}` }
}

function checkCooperation(need: Need, supply: Achievement): ConstraintCheck {
  const accepted = need.cooperation ?? []
  const offered = supply.cooperation ?? []
  if (accepted.length === 0) {
    return { name: 'cooperation', status: 'info', reason: offered.length ? `合作方式：${offered.join('、')}` : '合作方式：成果未注明' }
  }
  if (offered.length === 0) return { name: 'cooperation', status: 'unknown', reason: `合作方式：成果未注明，需求接受${accepted.join('、')}` }
  const shared = offered.filter((mode) => accepted.includes(mode))
  return shared.length > 0
    ? { name: 'cooperation', status: 'met', reason: `合作方式：双方均可${shared.join('、')}` }
    : { name: 'cooperation', status: 'missed', reason: `合作方式：成果提供${offered.join('、')}，需求只接受${accepted.join('、')}` }
}

function checkBudget(need: Need, supply: Achievement): ConstraintCheck {
  const price = supply.price
  const budget = need.budget
  if (budget === undefined) {
    return { name: 'budget', status: 'info', reason: price === undefined ? '价格：面议' : `价格：${price}万元` }
  }
  if (price === undefined) return { name: 'budget', status: 'unknown', reason: `价格：面议，需求预算${budget}万元` }
  return price <= budget
    ? { name: 'budget', status: 'met', reason: `价格：${price}万元，在预算${budget}万元以内` }
    : { name: 'budget', status: 'missed', reason: `价格：${price}万元，超出预算${budget}万元` }
}

function checkRegion(need: Need, supply: Achievement | Expert, requirement: RegionRequirement | undefined): ConstraintCheck {
  const needRegion = parseRegion(need.region)
  const supplyRegion = parseRegion(supply.region)
  if (requirement) {
    const province = requiredProvince(need, requirement)
    if (!province) return { name: 'region', status: 'unknown', reason: '地区：需求要求本地单位，但未注明所在省份' }
    if (!supplyRegion.province) return { name: 'region', status: 'unknown', reason: `地区：对方未注明所在地，需求要求${province}内单位` }
    return supplyRegion.province === province
      ? { name: 'region', status: 'met', reason: `地区：位于${formatRegion(supplyRegion, 'city')}，满足“${province}内”的要求` }
      : { name: 'region', status: 'missed', reason: `地区：位于${formatRegion(supplyRegion, 'city')}，不在需求要求的${province}` }
  }
  switch (regionProximity(needRegion, supplyRegion)) {
    case 'county':
    case 'city':
      return { name: 'region', status: 'info', reason: `地区：同在${formatRegion(supplyRegion, 'city')}，便于就地转化` }
    case 'province':
      return { name: 'region', status: 'info', reason: `地区：同在${formatRegion(supplyRegion, 'province')}` }
    case 'none':
      return { name: 'region', status: 'info', reason: `地区：对方位于${formatRegion(supplyRegion, 'city')}` }
    default:
      return { name: 'region', status: 'info', reason: '地区：未注明' }
  }
}

/**
 * Checks a need's constraints against a candidate. Achievements are checked on all four;
 * experts on region only (they sell no result at a price).
 *
 * @param need The need whose constraints apply.
 * @param supply The candidate achievement or expert.
 * @param supplyKind Which the candidate is.
 * @param regionRequirement A region the need insists on, if any.
 */
export function checkConstraints(
  need: Need,
  supply: Achievement | Expert,
  supplyKind: 'achievement' | 'expert',
  regionRequirement?: RegionRequirement,
): ConstraintCheck[] {
  if (supplyKind === 'expert') return [checkRegion(need, supply, regionRequirement)]
  const achievement = supply as Achievement
  return [
    checkMaturity(need, achievement),
    checkCooperation(need, achievement),
    checkBudget(need, achievement),
    checkRegion(need, achievement, regionRequirement),
  ]
}

/**
 * The same verdicts as {@link checkConstraints} without building reasons: the product of the
 * penalties of the missed constraints. Runs for every scored candidate, so it builds no strings;
 * a property test keeps it equal to `constraintFactor(checkConstraints(…))`.
 *
 * @param supplyProvince The candidate's province, parsed once by the caller (`parseRegion`).
 * @param requiredProvince The province the need insists on, already resolved, if any.
 */
export function constraintPenalty(
  need: Need,
  supply: Achievement | Expert,
  supplyKind: 'achievement' | 'expert',
  penalties: ConstraintPenalties,
  supplyProvince: string | undefined,
  requiredProvince: string | undefined,
): number {
  let factor = 1
  if (requiredProvince && supplyProvince && supplyProvince !== requiredProvince) factor *= penalties.region
  if (supplyKind === 'expert') return factor
  const achievement = supply as Achievement
  const required = maturityRank(need.maturityRequired)
  if (required >= 0) {
    const actual = maturityRank(achievement.maturity)
    if (actual >= 0 && actual < required) factor *= penalties.maturity
  }
  const accepted = need.cooperation ?? []
  const offered = achievement.cooperation ?? []
  if (accepted.length > 0 && offered.length > 0 && !offered.some((mode) => accepted.includes(mode))) factor *= penalties.cooperation
  if (need.budget !== undefined && achievement.price !== undefined && achievement.price > need.budget) factor *= penalties.budget
  return factor
}

/** Resolves a region requirement to a province name, given the need's own region. */
export function requiredProvince(need: Need, requirement: RegionRequirement | undefined): string | undefined {
  if (!requirement) return undefined
  return requirement.province === 'same' ? parseRegion(need.region).province : parseRegion(requirement.province).province
}

/** The product of the penalty factors of the missed checks (1 when none is missed). */
export function constraintFactor(checks: readonly ConstraintCheck[], penalties: ConstraintPenalties): number {
  let factor = 1
  for (const check of checks) if (check.status === 'missed') factor *= penalties[check.name]
  return factor
}
