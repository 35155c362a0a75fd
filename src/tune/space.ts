/**
 * Search spaces: which options a tuner may change, and the finite grid of values each may take.
 * A setting is a pair of plain option objects (matcher options and corpus index options); a
 * parameter is a dot path into one of them.
 */
import { invalidOption } from '../errors.js'
import type { IndexOptions } from '../index/document-index.js'
import type { FieldWeights } from '../index/fields.js'
import type { MatcherOptions } from '../match/matcher.js'
import type { RecordKind } from '../types.js'

/**
 * Index options for every index of a corpus: {@link IndexOptions} without the analyzer and the
 * kind, and with the field boosts given per record kind (an achievement index and an expert
 * index have different fields). Each kind's `fields` are merged over its `DEFAULT_FIELDS`.
 */
export type CorpusIndexOptions = Omit<IndexOptions, 'analyzer' | 'kind' | 'fields'> & {
  readonly fields?: Partial<Record<RecordKind, FieldWeights>>
}

/**
 * One point of a search space: the options a matcher is created with, and the options its
 * indexes are built with. Changing `index` means building the indexes again; changing `matcher`
 * only means creating a matcher, which is cheap.
 */
export interface TunableOptions {
  readonly matcher?: MatcherOptions
  readonly index?: CorpusIndexOptions
}

/** A candidate value: a number, a boolean, a string, or a whole option object. */
export type ParameterValue = number | boolean | string | { readonly [key: string]: unknown }

/** Which option object a parameter's path points into. */
export type ParameterScope = 'matcher' | 'index'

/** One tunable parameter: a path and its grid. */
export interface Parameter {
  /**
   * A dot path into the options of the scope: `keywordWeight`, `bm25.k1`, `penalties.budget`.
   * An object value replaces the whole object at the path (`queryFields.need` =
   * `{ title: 2, description: 1 }`): use that for records whose keys are not merged with defaults.
   */
  readonly path: string
  /** The candidate values, tried in this order; on a tie the earlier value wins. */
  readonly values: readonly ParameterValue[]
  /** @defaultValue 'matcher' */
  readonly scope?: ParameterScope
}

/** The parameters, swept in this order. */
export type SearchSpace = readonly Parameter[]

/**
 * The default search space: the numeric matcher options that change the ranking, each on a
 * small grid that holds its default (so tuning can keep it). Left out: `channels.words` (the
 * channel weights only matter relative to each other, so words stay at 1 as the unit),
 * `matchScoreScale` (changes the 匹配度 shown, never the order), `penalties.region` (applies only
 * with a region requirement, which the labelled sets do not make), and the costly or structural
 * options (`feedback.docs`, `associations.*` but the weight); add them with `--space`.
 *
 * The grids are coarse on purpose: with about 50 labelled needs per set, finer steps fit noise
 * (a step that moves nDCG@10 by less than one need's worth is not evidence).
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = [
  { path: 'bm25.k1', values: [0.6, 0.9, 1.2, 1.6, 2.0] },
  { path: 'bm25.b', values: [0.3, 0.5, 0.75, 0.9] },
  { path: 'channels.chars', values: [0, 0.5, 1, 2] },
  { path: 'channels.keywords', values: [0, 0.5, 1, 2, 4] },
  { path: 'thesaurusWeight', values: [0, 0.5, 1, 2] },
  { path: 'keywordSources.owner', values: [0.5, 1, 2] },
  { path: 'keywordSources.direction', values: [0.5, 1, 2] },
  { path: 'keywordSources.extracted', values: [0, 0.25, 0.5, 1] },
  { path: 'keywordSources.field', values: [0, 0.2, 0.5] },
  { path: 'feedback.weight', values: [0, 0.5, 1, 2] },
  { path: 'feedback.terms', values: [5, 10, 20] },
  { path: 'associations.weight', values: [0, 0.25, 0.5] },
  { path: 'linked.weight', values: [0, 0.5, 1, 2] },
  {
    path: 'queryFields.need',
    values: [
      { title: 1, description: 1 },
      { title: 2, description: 1 },
      { title: 3, description: 1 },
      { title: 2, description: 0.5 },
    ],
  },
  { path: 'penalties.maturity', values: [0.8, 0.9, 0.95, 1] },
  { path: 'penalties.cooperation', values: [0.8, 0.9, 0.95, 1] },
  { path: 'penalties.budget', values: [0.8, 0.9, 0.95, 1] },
]

/** The name of a parameter in reports: its path, prefixed with `index.` for the index scope. */
export function parameterName(parameter: Pick<Parameter, 'path' | 'scope'>): string {
  return (parameter.scope ?? 'matcher') === 'index' ? `index.${parameter.path}` : parameter.path
}

/**
 * Checks a search space: known scopes, non-empty paths and grids, JSON-like values, no path
 * twice and no path inside another of the same scope.
 *
 * @param space The parameters, e.g. parsed from a `space.json`.
 * @returns The same space, typed.
 * @throws MatchError INVALID_OPTION naming the parameter and what is wrong.
 */
export function toSearchSpace(space: unknown): SearchSpace {
  if (!Array.isArray(space) || space.length === 0) invalidOption('space', space, 'must be a non-empty array of { path, values, scope? }')
  const seen: { scope: ParameterScope; path: string }[] = []
  for (const [i, item] of space.entries()) {
    if (!isPlainObject(item)) invalidOption(`space[${i}]`, item, 'must be an object { path, values, scope? }')
    for (const key of Object.keys(item)) if (!['path', 'values', 'scope'].includes(key)) invalidOption(`space[${i}]`, key, 'unknown key; expected path, values, scope')
    const { path, values } = item
    const scope = item.scope ?? 'matcher'
    if (scope !== 'matcher' && scope !== 'index') invalidOption(`space[${i}].scope`, scope, "must be 'matcher' or 'index'")
    if (typeof path !== 'string' || path.split('.').some((s) => s === '')) invalidOption(`space[${i}].path`, path, 'must be a dot path such as bm25.k1')
    if (!Array.isArray(values) || values.length === 0) invalidOption(`space[${i}].values`, values, 'must be a non-empty array')
    for (const value of values) if (!isParameterValue(value)) invalidOption(`${path}`, value, 'candidate values must be finite numbers, booleans, strings or objects')
    for (const other of seen) {
      if (other.scope !== scope) continue
      if (other.path === path || other.path.startsWith(`${path}.`) || path.startsWith(`${other.path}.`)) {
        invalidOption(`space[${i}].path`, path, `overlaps ${other.path}: a path may appear once and not inside another`)
      }
    }
    seen.push({ scope, path })
  }
  return space as SearchSpace
}

/** The value at a parameter's path in a setting; undefined when not set (the built-in default). */
export function getParameter(options: TunableOptions, parameter: Pick<Parameter, 'path' | 'scope'>): unknown {
  let node: unknown = options[parameter.scope ?? 'matcher']
  for (const key of parameter.path.split('.')) {
    if (!isPlainObject(node)) return undefined
    node = node[key]
  }
  return node
}

/**
 * A copy of a setting with one parameter set; the objects along the path are copied, the rest
 * shared. The input is never mutated.
 */
export function setParameter(options: TunableOptions, parameter: Pick<Parameter, 'path' | 'scope'>, value: ParameterValue): TunableOptions {
  const scope = parameter.scope ?? 'matcher'
  const set = (node: unknown, keys: readonly string[]): unknown => {
    const object = isPlainObject(node) ? node : {}
    const [key, ...rest] = keys as [string, ...string[]]
    return { ...object, [key]: rest.length === 0 ? value : set(object[key], rest) }
  }
  return { ...options, [scope]: set(options[scope], parameter.path.split('.')) }
}

/**
 * A canonical string of a setting: JSON with keys sorted at every level, so equal settings have
 * equal keys whatever the order their options were written in.
 */
export function settingKey(value: unknown): string {
  return JSON.stringify(canonical(value))
}

/** Structural equality of two option values (numbers, booleans, strings, objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  return settingKey(a ?? null) === settingKey(b ?? null)
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = canonical(value[key])
  return out
}

function isParameterValue(value: unknown): value is ParameterValue {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || typeof value === 'string' || isPlainObject(value)
}

/** A non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
