/**
 * Jobs: what the CLI commands do, as library functions — load inputs, build the targets of a
 * direction, match every query into rows (in memory, or streamed from a file with checkpoints,
 * shards and worker threads), merge shard outputs, evaluate against qrels. No argv, no stdout
 * (except a streamed job told to write to stdout).
 */
export { DIRECTIONS, QUERY_ID_COLUMN, toDirection, directionKinds, type Direction } from './directions.js'
export { loadInputs, type InputFiles, type LoadOptions, type LoadedInputs } from './load.js'
export { buildTargets, DEFAULT_LINK_WEIGHT, type TargetOptions } from './targets.js'
export { matchRows, toRows, toOutputObject, displayTitle, type MatchRow, type Target } from './match-rows.js'
export { runMatchJob, type MatchJobOptions, type MatchJobSummary } from './match-job.js'
export { runEvalJob, type EvalJobOptions, type EvalJobResult } from './eval-job.js'
export {
  runStreamedMatchJob,
  DEFAULT_CHUNK_SIZE,
  AUTO_WORKERS_MIN_LINES,
  type StreamedMatchJobOptions,
  type StreamedMatchJobSummary,
} from './streamed-match-job.js'
export { describeCommand, checkpointPath, readCheckpoint, type Checkpoint, type CommandDescription, type CommandFile, type JobCounts } from './checkpoint.js'
export { parseShard, inShard, shardIndexPath, type Shard, type ShardIndexHeader } from './shard.js'
export { mergeShards, type MergeSummary } from './merge.js'
export { createRowFormat, outputColumns, type RowFormat, type RowFormatName } from './row-format.js'
