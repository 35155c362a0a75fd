/**
 * Jobs: what the CLI commands do, as library functions — load inputs, build the targets of a
 * direction, match every query into rows, evaluate against qrels. No argv, no stdout.
 */
export { DIRECTIONS, QUERY_ID_COLUMN, toDirection, directionKinds, type Direction } from './directions.js'
export { loadInputs, type InputFiles, type LoadOptions, type LoadedInputs } from './load.js'
export { buildTargets, DEFAULT_LINK_WEIGHT, type TargetOptions } from './targets.js'
export { matchRows, toOutputObject, displayTitle, type MatchRow, type Target } from './match-rows.js'
export { runMatchJob, type MatchJobOptions, type MatchJobSummary } from './match-job.js'
export { runEvalJob, type EvalJobOptions, type EvalJobResult } from './eval-job.js'
