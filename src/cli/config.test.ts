import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MatchError } from '../errors.js'
import { formatConfig, parseConfig, readConfig, writeConfig, type DuijieConfig } from './config.js'

const config: DuijieConfig = {
  formatVersion: 1,
  matcher: { bm25: { k1: 0.9, b: 0.5 }, channels: { chars: 0.5 }, queryFields: { need: { title: 1, description: 1 } }, penalties: { budget: 1 } },
  tunedOn: { sets: [{ name: 'dev', needs: 'needs.jsonl', qrels: 'qrels.tsv' }], folds: 5 },
  crossValidated: { objective: { defaults: 0.76, tuned: 0.77 } },
}

describe('config files', () => {
  it('round-trip through text and through a file unchanged', async () => {
    expect(parseConfig(formatConfig(config))).toEqual(config)
    const path = join(mkdtempSync(join(tmpdir(), 'duijie-config-')), 'tuned.json')
    await writeConfig(path, config)
    expect(await readConfig(path)).toEqual(config)
  })

  it('takes a minimal file, with a BOM, and a missing matcher as no options', () => {
    expect(parseConfig('\uFEFF{ "formatVersion": 1 }')).toEqual({ formatVersion: 1, matcher: {} })
  })

  it('rejects an unknown top-level key, naming it', () => {
    const error = (() => {
      try {
        parseConfig('{ "formatVersion": 1, "matcher": {}, "macher": {} }', 'tuned.json')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(MatchError)
    expect((error as MatchError).code).toBe('INVALID_OPTION')
    expect((error as MatchError).message).toBe('tuned.json: unknown key "macher", expected one of formatVersion, matcher, index, tunedOn, crossValidated')
  })

  it('rejects another formatVersion, bad JSON and a section that is not an object', () => {
    expect(() => parseConfig('{ "formatVersion": 2, "matcher": {} }', 'a.json')).toThrow('a.json: formatVersion 2 is not supported, expected 1')
    expect(() => parseConfig('{ "matcher": {} }', 'a.json')).toThrow('a.json: formatVersion undefined is not supported, expected 1')
    expect(() => parseConfig('{ "formatVersion": 1, ', 'a.json')).toThrow(/^a\.json: not valid JSON: /)
    expect(() => parseConfig('[1]', 'a.json')).toThrow('a.json: must be a JSON object { "formatVersion": 1, "matcher": {…} }')
    expect(() => parseConfig('{ "formatVersion": 1, "matcher": [1] }', 'a.json')).toThrow('a.json: "matcher" must be an object, got [1]')
  })
})
