/**
 * Match directions: which records are the queries and which are searched.
 *
 * demand-to-supply  企业找成果/企业找专家: each need → achievements and/or experts
 * supply-to-demand  成果找企业: each achievement → needs
 * expert-to-demand  专家找需求: each expert → needs
 */
import { invalidOption } from '../errors.js'
import type { RecordKind } from '../types.js'

export const DIRECTIONS = ['demand-to-supply', 'supply-to-demand', 'expert-to-demand'] as const
export type Direction = (typeof DIRECTIONS)[number]

/** The column that names the query record in output rows, per query kind. */
export const QUERY_ID_COLUMN: Record<RecordKind, string> = { need: 'needId', achievement: 'achievementId', expert: 'expertId' }

/** Validates a direction name. */
export function toDirection(value: string | undefined): Direction {
  const direction = value ?? 'demand-to-supply'
  if (!(DIRECTIONS as readonly string[]).includes(direction)) invalidOption('direction', direction, `must be one of ${DIRECTIONS.join(', ')}`)
  return direction as Direction
}

/** The query kind and the searched kinds of a direction. */
export function directionKinds(direction: Direction): { query: RecordKind; targets: readonly RecordKind[] } {
  switch (direction) {
    case 'demand-to-supply':
      return { query: 'need', targets: ['achievement', 'expert'] }
    case 'supply-to-demand':
      return { query: 'achievement', targets: ['need'] }
    case 'expert-to-demand':
      return { query: 'expert', targets: ['need'] }
  }
}
