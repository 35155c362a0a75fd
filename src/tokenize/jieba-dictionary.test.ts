import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'

import { describe, expect, it } from 'vitest'

import { loadDomainDictionary } from './domain-dictionary.js'
import { JiebaDictionary } from './jieba-dictionary.js'
import { normalize } from './normalize.js'
import { isAllCjk, scan } from './scan.js'

// A toy dictionary whose weights are easy to reason about: sum of frequencies = 100.
const TOY = ['研究 20 n', '研究生 10 n', '生命 20 n', '命 5 n', '起源 20 n', '研 1 n', '究 1 n', '生 3 n', '起 10 n', '源 10 n'].join('\n')

const words = (dictionary: JiebaDictionary, text: string): string[] => {
  const out: string[] = []
  dictionary.cut(text, 0, text.length, (from, to) => out.push(text.slice(from, to)))
  return out
}

describe('JiebaDictionary', () => {
  it('weighs words by log(freq / sum), characters that are no word by the minimum, inserted words by the median', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    expect(dictionary.freqSum).toBe(100)
    expect(dictionary.weightOf('研究')).toBe(Math.log(20 / 100))
    expect(dictionary.minWeight).toBe(Math.log(1 / 100))
    // Sorted weights: 1 1 3 5 10 10 10 20 20 20 → the one at index 5 (10 / 2).
    expect(dictionary.medianWeight).toBe(Math.log(10 / 100))
    expect(dictionary.weightOf('研究生命')).toBeUndefined()
    expect(dictionary.weightOf('研究生命起')).toBeUndefined()
    dictionary.insert('研究生命')
    expect(dictionary.weightOf('研究生命')).toBe(Math.log(10 / 100))
  })

  it('takes the most probable path: 研究/生命/起源 beats 研究生/命/起源', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    // log .2 + log .2 > log .1 + log .05
    expect(words(dictionary, '研究生命起源')).toEqual(['研究', '生命', '起源'])
    // An unknown character weighs the minimum and stands alone.
    expect(words(dictionary, '甲研究')).toEqual(['甲', '研究'])
  })

  it('lets a later entry of the same word replace its weight (user dictionary, insertion)', () => {
    const user = '研究生 90 n\n'
    expect(words(JiebaDictionary.parse(TOY, user), '研究生命')).toEqual(['研究生', '命'])
    const dictionary = JiebaDictionary.parse(TOY)
    dictionary.insert('研究生', Math.log(0.9))
    expect(words(dictionary, '研究生命')).toEqual(['研究生', '命'])
  })

  it('keeps the first (shorter) word on an exact tie, as cppjieba compares with >', () => {
    // 甲/乙丙 and 甲乙/丙 both score log(.1) + log(.1), the same two numbers added.
    const tie = JiebaDictionary.parse(['甲 10 n', '乙丙 10 n', '甲乙 10 n', '丙 10 n', '丁 60 n'].join('\n'))
    expect(words(tie, '甲乙丙')).toEqual(['甲', '乙丙'])
  })

  it('works on code points: an astral character is one character', () => {
    const dictionary = JiebaDictionary.parse(['𠀀𠀁 50 n', '研究 50 n'].join('\n'))
    expect(words(dictionary, '𠀀𠀁研究𠀂')).toEqual(['𠀀𠀁', '研究', '𠀂'])
    expect(dictionary.cutsWhole('𠀀𠀁', 0, 4)).toBe(true)
    expect(dictionary.cutsWhole('x𠀀𠀁𠀂', 1, 5)).toBe(true)
    expect(dictionary.cutsWhole('𠀀𠀁𠀂', 0, 6)).toBe(false)
  })

  it('cuts a region of a longer text, offsets in that text', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    const text = 'abc研究生命def'
    const pieces: [number, number][] = []
    dictionary.cut(text, 3, 7, (from, to) => pieces.push([from, to]))
    expect(pieces).toEqual([
      [3, 5],
      [5, 7],
    ])
  })

  it('survives being called again from inside its own callback', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    const outer: string[] = []
    const inner: string[] = []
    const text = '研究生命起源'
    dictionary.cut(text, 0, text.length, (from, to) => {
      outer.push(text.slice(from, to))
      expect(dictionary.cutsWhole(text, from, to)).toBe(true)
      inner.push(words(dictionary, '起源研究').join('/'))
    })
    expect(outer).toEqual(['研究', '生命', '起源'])
    expect(inner).toEqual(['起源/研究', '起源/研究', '起源/研究'])
  })

  it('gives a clone its own words', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    const copy = dictionary.clone()
    copy.insert('命起')
    expect(copy.weightOf('命起')).toBeDefined()
    expect(dictionary.weightOf('命起')).toBeUndefined()
    expect(words(dictionary, '研究生命起源')).toEqual(['研究', '生命', '起源'])
  })

  it('moves into shared memory for other threads: the same cuts and weights through a port, read-only, writable clones', () => {
    const dictionary = JiebaDictionary.parse(TOY)
    dictionary.insert('命起', Math.log(2 / 100))
    const before = words(dictionary, '研究生命起源')
    const shared = dictionary.share()
    expect(dictionary.share()).toBe(shared)
    expect(Object.values(shared.buffers).every((b) => b instanceof SharedArrayBuffer)).toBe(true)
    // As a worker thread receives it: through a port (the buffers stay shared, not copied).
    const { port1, port2 } = new MessageChannel()
    port1.postMessage(shared)
    const received = receiveMessageOnPort(port2)!.message as typeof shared
    port1.close()
    const other = JiebaDictionary.fromShared(received)
    for (const d of [dictionary, other]) {
      expect(words(d, '研究生命起源')).toEqual(before)
      expect(d.weightOf('命起')).toBe(Math.log(2 / 100))
      expect(d.weightOf('研究')).toBe(Math.log(20 / 100))
      expect(() => d.insert('源起')).toThrow('read-only')
    }
    const copy = other.clone()
    copy.insert('源起')
    expect(copy.weightOf('源起')).toBeDefined()
    expect(other.weightOf('源起')).toBeUndefined()
    expect(dictionary.weightOf('源起')).toBeUndefined()
  })

  it('rejects a dictionary line without three fields, naming the line', () => {
    expect(() => JiebaDictionary.parse('研究 20 n\n生命 20\n')).toThrow('line 2')
  })
})

describe('JiebaDictionary against nodejieba', () => {
  const repoFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url))

  it('cuts the sample data as nodejieba does after the same insertWord calls (the domain words it splits)', () => {
    const jieba = createRequire(import.meta.url)('nodejieba') as typeof import('nodejieba')
    jieba.load()
    const dictionary = JiebaDictionary.load(repoFile('dict/jieba/jieba.dict.utf8'), repoFile('dict/jieba/user.dict.utf8'))
    const plain = dictionary.clone()
    let inserted = 0
    for (const word of loadDomainDictionary()) {
      if (!isAllCjk(word) || jieba.cut(word, false).length === 1) continue
      expect(dictionary.cutsWhole(word, 0, word.length)).toBe(false)
      jieba.insertWord(word)
      dictionary.insert(word)
      inserted++
    }
    expect(inserted).toBeGreaterThan(4000)
    const runs: string[] = []
    for (const kind of ['achievements', 'needs', 'experts']) {
      for (const line of readFileSync(repoFile(`fixtures/sample/${kind}.jsonl`), 'utf8').split('\n')) {
        if (line.trim().length === 0) continue
        const record = JSON.parse(line) as Record<string, unknown>
        for (const value of Object.values(record)) {
          if (typeof value !== 'string') continue
          const text = normalize(value)
          scan(text, { cjk: (start, end) => runs.push(text.slice(start, end)), term: () => undefined })
        }
      }
    }
    expect(runs.length).toBeGreaterThan(1000)
    let changedByInsertions = 0
    for (const run of runs) {
      const expected = jieba.cut(run, false)
      expect(words(dictionary, run)).toEqual(expected)
      if (words(plain, run).join('/') !== expected.join('/')) changedByInsertions++
    }
    expect(changedByInsertions).toBeGreaterThan(100)
  })
})
