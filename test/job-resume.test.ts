/**
 * A match job killed at any moment and run again ends with the same bytes as a job never
 * killed: output and rejects. The CLI runs as a child process (from the sources, via tsx) and
 * gets SIGKILL after a random delay or once its output reaches a random size; nothing is
 * flushed or cleaned up on the way down.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = [ '--import', 'tsx', join(root, 'src/cli/main.ts')]

/** 84 needs (sample + hard) with three bad lines among them, so rejects are resumed too. */
function writeNeeds(dir: string): string {
  const lines = [
    ...readFileSync(join(root, 'fixtures/sample/needs.jsonl'), 'utf8').trim().split('\n'),
    ...readFileSync(join(root, 'fixtures/sample/hard/needs.jsonl'), 'utf8').trim().split('\n'),
  ]
  lines.splice(10, 0, '{"id": "X1", "title": ') // not JSON
  lines.splice(40, 0, lines[3]!) // a duplicate id
  lines.splice(70, 0, '{"id": "X2"}') // no title
  const path = join(dir, 'needs.jsonl')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

type KillPoint = { readonly bytes: number } | { readonly delayMs: number }

/** Runs the command; with a kill point, SIGKILLs it there. Resolves with the exit code or signal. */
function run(args: readonly string[], out: string, kill?: KillPoint): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    let timer: NodeJS.Timeout | undefined
    if (kill && 'delayMs' in kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs)
    if (kill && 'bytes' in kill) {
      timer = setInterval(() => {
        if (existsSync(out) && statSync(out).size >= kill.bytes) child.kill('SIGKILL')
      }, 2)
    }
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      clearInterval(timer)
      resolve({ code, signal, stderr })
    })
  })
}

describe('duijie match, killed and resumed', () => {
  let dir: string
  let args: string[]
  let out: string
  let expected: { output: Buffer; rejects: Buffer }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duijie-resume-'))
    out = join(dir, 'matches.jsonl')
    // Chunks of 3: 29 checkpoints, so kills land before, between and inside chunks.
    args = ['match', '--demand', writeNeeds(dir), '--supply', 'fixtures/sample/achievements.jsonl', '--top', '5', '--chunk', '3', '--workers', '0', '--out', out, '--quiet']
    const reference = join(dir, 'reference.jsonl')
    const r = spawnSync(process.execPath, [...cli, ...args.slice(0, -3), '--out', reference, '--quiet'], { cwd: root, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(3) // done, with rejects
    expected = { output: readFileSync(reference), rejects: readFileSync(`${reference}.rejects.jsonl`) }
    expect(expected.output.length).toBeGreaterThan(10_000)
    expect(expected.rejects.toString().trim().split('\n')).toHaveLength(3)
  })

  it('ends with output and rejects byte-identical to an uninterrupted run, whatever moments it was SIGKILLed at', async () => {
    const killPoint: fc.Arbitrary<KillPoint> = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ bytes: Math.floor(f * expected.output.length) })),
      fc.integer({ min: 0, max: 6000 }).map((delayMs) => ({ delayMs })),
    )
    let killed = 0
    let killedMidJob = 0
    await fc.assert(
      fc.asyncProperty(fc.array(killPoint, { minLength: 1, maxLength: 2 }), async (kills) => {
        for (const kill of kills) {
          const r = await run(args, out, kill)
          if (r.signal !== 'SIGKILL') {
            expect(r.code, r.stderr).toBe(3) // it finished before the kill point
            continue
          }
          killed++
          const checkpoint = `${out}.checkpoint.json`
          if (existsSync(checkpoint) && (JSON.parse(readFileSync(checkpoint, 'utf8')) as { consumed: number }).consumed > 0) killedMidJob++
        }
        const last = await run(args, out)
        expect(last.code, last.stderr).toBe(3)
        expect(readFileSync(out).equals(expected.output)).toBe(true)
        expect(readFileSync(`${out}.rejects.jsonl`).equals(expected.rejects)).toBe(true)
        expect(existsSync(`${out}.checkpoint.json`)).toBe(false)
      }),
      {
        numRuns: 2,
        verbose: true,
        // Besides the random ones: killed halfway through the rows; killed at once, then again late.
        examples: [[[{ bytes: Math.floor(expected.output.length * 0.5) }]], [[{ bytes: 0 }, { bytes: Math.floor(expected.output.length * 0.9) }]]],
      },
    )
    // The property is only worth something if the kills did hit running jobs, some past a checkpoint.
    expect(killed).toBeGreaterThan(0)
    expect(killedMidJob).toBeGreaterThan(0)
  }, 180_000)
})
