/**
 * Checkpoints of a resumable match job, and the fingerprint of the command they belong to.
 *
 * A checkpoint sits beside the output (`<out>.checkpoint.json`) and says how far the job got:
 * query records consumed (rejected ones included), the bytes of output, rejects and shard
 * index that hold those records' rows, and the running counts. It is replaced atomically
 * (temp file, fsync, rename) and only after the files it describes were flushed, so after a
 * crash at any moment the files hold at least what the checkpoint says; what follows is cut.
 *
 * Not a cache of results: the targets are indexed again on resume, and the rows of the
 * records after the checkpoint are matched again.
 */
import { createHash } from 'node:crypto'
import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { MatchError } from '../errors.js'

/** An input file of a command, as stat saw it. */
export interface CommandFile {
  /** What the file is for: `demand`, `supply`, `experts`, `config`, `mapping`, … */
  readonly role: string
  /** The absolute path. */
  readonly path: string
  readonly size: number
  readonly mtimeMs: number
}

/** What a command does: its options (as plain data) and its input files. */
export interface CommandDescription {
  readonly options: Readonly<Record<string, unknown>>
  readonly files: readonly CommandFile[]
}

/** Running counts of a job, carried over a resume. */
export interface JobCounts {
  /** Query records matched (in this shard). */
  readonly queries: number
  readonly rows: number
  /** Query records that got no match at all. */
  readonly unmatched: number
  /** Query records rejected (in this shard). */
  readonly rejects: number
}

/** The checkpoint file's content (format version 1). */
export interface Checkpoint {
  readonly format: 'duijie-checkpoint'
  readonly formatVersion: 1
  /** sha256 of the command description; a resume needs the same. */
  readonly fingerprint: string
  readonly command: CommandDescription
  /** Query records read from the start of the query file, rejects and other shards' included. */
  readonly consumed: number
  readonly outputBytes: number
  readonly rejectsBytes: number
  /** Sharded jobs only: bytes of `<out>.shard-index`. */
  readonly shardIndexBytes?: number
  readonly counts: JobCounts
}

export const CHECKPOINT_FORMAT_VERSION = 1

/** The checkpoint path of an output file. */
export function checkpointPath(out: string): string {
  return `${out}.checkpoint.json`
}

/** JSON with object keys sorted, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Describes a command: its options and a stat of each input file.
 *
 * @param options The options that decide the output, as plain data (no progress or thread settings).
 * @param files Input files by role; undefined ones are left out.
 * @throws ENOENT when a file is missing.
 */
export async function describeCommand(options: Readonly<Record<string, unknown>>, files: Readonly<Record<string, string | undefined>>): Promise<CommandDescription> {
  const described: CommandFile[] = []
  for (const [role, path] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (path === undefined) continue
    const s = await stat(path)
    described.push({ role, path: resolve(path), size: s.size, mtimeMs: s.mtimeMs })
  }
  return { options: JSON.parse(canonicalJson(options)) as Record<string, unknown>, files: described }
}

/** The fingerprint of a command: sha256 of its canonical description (paths, sizes, mtimes, options). */
export function fingerprintOf(command: CommandDescription): string {
  return sha256(canonicalJson(command))
}

/**
 * The key shards of one job share: options without `omit` (names without leading dashes), and input files by base name and
 * size. Paths and mtimes are left out, because shards may run on machines with their own copies.
 */
export function shardKeyOf(command: CommandDescription, omit: readonly string[]): string {
  // `--shard` and `shard` name the same option: keys are compared without leading dashes.
  const options = Object.fromEntries(Object.entries(command.options).filter(([key]) => !omit.includes(key.replace(/^-+/, ''))))
  return sha256(canonicalJson({ options, files: command.files.map((f) => ({ role: f.role, name: basename(f.path), size: f.size })) }))
}

/** What differs between two command descriptions, in words (`--top: "10" → "5"`, `demand … changed`). */
export function commandDifferences(before: CommandDescription, now: CommandDescription): string[] {
  const out: string[] = []
  const keys = [...new Set([...Object.keys(before.options), ...Object.keys(now.options)])].sort()
  for (const key of keys) {
    const a = canonicalJson(before.options[key])
    const b = canonicalJson(now.options[key])
    if (a !== b) out.push(`${key}: ${a ?? '(none)'} → ${b ?? '(none)'}`)
  }
  const roles = [...new Set([...before.files.map((f) => f.role), ...now.files.map((f) => f.role)])].sort()
  for (const role of roles) {
    const a = before.files.find((f) => f.role === role)
    const b = now.files.find((f) => f.role === role)
    if (!a || !b || a.path !== b.path) out.push(`${role}: ${a?.path ?? '(none)'} → ${b?.path ?? '(none)'}`)
    else if (a.size !== b.size || a.mtimeMs !== b.mtimeMs) out.push(`${role} file ${a.path} changed (${a.size} → ${b.size} bytes, modified ${new Date(b.mtimeMs).toISOString()})`)
  }
  return out
}

/**
 * Reads a checkpoint.
 *
 * @returns The checkpoint, or undefined when there is none.
 * @throws MatchError `IO` when the file is not a checkpoint of this format version.
 */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new MatchError('IO', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  let value: Partial<Checkpoint>
  try {
    value = JSON.parse(text) as Partial<Checkpoint>
  } catch (error) {
    throw new MatchError('IO', `${path}: not a checkpoint (not JSON); add --restart to start over`, { cause: error })
  }
  const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0
  if (value.format !== 'duijie-checkpoint' || value.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    throw new MatchError('IO', `${path}: not a duijie checkpoint of format version ${CHECKPOINT_FORMAT_VERSION}; add --restart to start over`)
  }
  if (typeof value.fingerprint !== 'string' || !isCount(value.consumed) || !isCount(value.outputBytes) || !isCount(value.rejectsBytes) || typeof value.counts !== 'object' || typeof value.command !== 'object') {
    throw new MatchError('IO', `${path}: a field is missing or malformed; add --restart to start over`)
  }
  return value as Checkpoint
}

/**
 * Replaces a checkpoint atomically: writes `<path>.tmp`, flushes it, renames it over `path`,
 * and flushes the folder so that the rename itself survives a power cut.
 */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temp = `${path}.tmp`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(`${JSON.stringify(checkpoint, null, 1)}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
  await syncFolder(dirname(path))
}

/** Removes a checkpoint (and any temp file left by a crash). */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(`${path}.tmp`, { force: true })
  await rm(path, { force: true })
  await syncFolder(dirname(path))
}

async function syncFolder(path: string): Promise<void> {
  // Not every platform can open or fsync a folder (Windows): the data files were synced anyway.
  try {
    const handle = await open(path, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    return
  }
}
