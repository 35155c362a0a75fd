/**
 * Loading a job's inputs: needs, achievements and experts from JSON Lines or CSV files, bad
 * rows set aside as rejects, every good row kept.
 */
import { readRecords, type ReadStats } from '../io/read-records.js'
import type { EncodingOption } from '../io/encoding.js'
import type { HeaderMapping } from '../io/headers.js'
import type { Reject } from '../io/reject.js'
import type { Achievement, Expert, Need, RecordKind } from '../types.js'

/** The input files of a job; each may be left out. */
export interface InputFiles {
  /** Needs (企业技术需求). */
  readonly demand?: string
  /** Achievements (科技成果). */
  readonly supply?: string
  /** Experts (专家). */
  readonly experts?: string
}

/** How to read the files. */
export interface LoadOptions {
  readonly encoding?: EncodingOption
  /** Extra column/key → field names, for all files. */
  readonly headers?: HeaderMapping
}

/** What was read. */
export interface LoadedInputs {
  readonly needs: Need[]
  readonly achievements: Achievement[]
  readonly experts: Expert[]
  readonly rejects: Reject[]
  readonly stats: ReadStats[]
}

/**
 * Reads every given input file.
 *
 * @throws MatchError IO when a file cannot be opened (a missing file is an error; a bad row is not).
 */
export async function loadInputs(files: InputFiles, options: LoadOptions = {}): Promise<LoadedInputs> {
  const rejects: Reject[] = []
  const stats: ReadStats[] = []
  const read = async <K extends RecordKind>(path: string | undefined, kind: K) => {
    if (!path) return []
    const result = await readRecords(path, kind, { encoding: options.encoding, headers: options.headers })
    rejects.push(...result.rejects)
    stats.push(result.stats)
    return result.records
  }
  const needs = await read(files.demand, 'need')
  const achievements = await read(files.supply, 'achievement')
  const experts = await read(files.experts, 'expert')
  return { needs, achievements, experts, rejects, stats }
}
