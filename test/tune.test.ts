/**
 * `duijie tune` end to end on fixtures/mini, and `--config` read back by `duijie eval`.
 * fixtures/tune/mini-qrels.tsv grades N01's over-budget A01 above its twin A02, so dropping the
 * budget penalty helps N01 — and only N01: a 2-fold split holds each need out once, so the
 * held-out figure must show no gain while the training figure does.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const duijie = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const corpus = ['--supply', 'fixtures/mini/achievements.jsonl', '--experts', 'fixtures/mini/experts.jsonl']
const labelled = ['--demand', 'fixtures/mini/needs.jsonl', '--qrels', 'fixtures/tune/mini-qrels.tsv']

describe('duijie tune', () => {
  it('tunes on fixtures/mini with 2 folds, reports held-out and train figures apart, and writes a config that eval reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-tune-'))
    const out = join(dir, 'tuned.json')
    const r = duijie('tune', ...corpus, ...labelled, '--folds', '2', '--space', 'fixtures/tune/space.json', '--out', out)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('tuning on 2 labelled needs (demand 2) against 8 achievements and 3 experts: 3 parameters, 2 folds')
    expect(r.stderr).toMatch(/fold 1\/2 round 1: train /)
    expect(r.stderr).toContain('all needs round 1: train 0.9806 → 1.0000 (penalties.budget default → 1)')
    expect(r.stdout).toContain('options: {"penalties":{"budget":1}}')
    // Held out, nothing is gained: the fold that holds N01 out was tuned on N02 alone.
    expect(r.stdout).toMatch(/demand +achievement +0\.9612 +0\.9612 +\+0\.0000/)
    expect(r.stdout).toMatch(/objective +0\.9806 +0\.9806 +\+0\.0000/)
    expect(r.stdout).toContain('train (tuned on every need, optimistic): objective 0.9806 → 1.0000')

    const config = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, unknown>>
    expect(config['formatVersion']).toBe(1)
    expect(config['matcher']).toEqual({ penalties: { budget: 1 } })
    expect(config['tunedOn']!['folds']).toBe(2)
    expect(config['tunedOn']!['parameters']).toEqual(['bm25.k1', 'channels.keywords', 'penalties.budget'])
    expect(config['crossValidated']!['objective']).toEqual({ defaults: 0.9806, tuned: 0.9806 })

    const evaluated = duijie('eval', ...corpus, ...labelled, '--config', out)
    expect(evaluated.code).toBe(0)
    expect(evaluated.stdout).toMatch(/achievements \(成果\):\nneed +nDCG@10.*\nmean +1\.0000/)
    const plain = duijie('eval', ...corpus, ...labelled)
    expect(plain.stdout).toMatch(/achievements \(成果\):\nneed +nDCG@10.*\nmean +0\.9612/)
  })

  it('fails with exit 2 and one line for a bad config, a bad --set and too many folds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duijie-tune-'))
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ "formatVersion": 1, "matcher": {}, "extra": 1 }')
    const evaluated = duijie('eval', ...corpus, ...labelled, '--config', bad)
    expect(evaluated.code).toBe(2)
    expect(evaluated.stderr.trim()).toBe(`duijie: ${bad}: unknown key "extra", expected one of formatVersion, matcher, index, tunedOn, crossValidated`)

    const set = duijie('tune', ...corpus, '--set', 'dev=fixtures/mini/needs.jsonl', '--out', join(dir, 'x.json'))
    expect(set.code).toBe(2)
    expect(set.stderr.trim()).toBe('duijie: invalid --set: "dev=fixtures/mini/needs.jsonl", must be name=needs.jsonl,qrels.tsv')

    const folds = duijie('tune', ...corpus, ...labelled, '--folds', '3', '--out', join(dir, 'x.json'))
    expect(folds.code).toBe(2)
    expect(folds.stderr.trim()).toBe('duijie: invalid --folds: "3", must be at most the number of labelled needs (2)')
  })

  it('documents --set, --folds, --space and --weights in --help', () => {
    const r = duijie('tune', '--help')
    expect(r.code).toBe(0)
    for (const option of ['--set <name=needs,qrels>', '--folds <n>', '--space <file>', '--weights <list>', '--out <file>', '--config <file>']) expect(r.stdout).toContain(option)
  })
})
