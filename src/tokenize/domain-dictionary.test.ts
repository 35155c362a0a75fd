import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { FIELDS } from '../types.js'
import { parseDictionary } from './dictionary.js'
import { domainDictionaryFiles, findPackageRoot, loadDomainDictionary } from './domain-dictionary.js'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

describe('findPackageRoot', () => {
  it('walks up from the source folder to the package root', () => {
    expect(findPackageRoot()).toBe(repoRoot)
    expect(findPackageRoot(join(repoRoot, 'src', 'tokenize'))).toBe(repoRoot)
    expect(findPackageRoot(join(repoRoot, 'dist'))).toBe(repoRoot) // need not exist
  })

  it('throws when no package root is above', () => {
    expect(() => findPackageRoot('/')).toThrow('cannot find the package root with dict/domain/ above /')
  })
})

describe('domain dictionary', () => {
  const files = domainDictionaryFiles()

  it('has one file per field of the schema, each naming its field in the header', () => {
    expect(files).toHaveLength(FIELDS.length)
    const headers = files.map((file) => readFileSync(file, 'utf8').split('\n', 1)[0])
    for (const field of FIELDS) expect(headers.filter((header) => header?.startsWith(`# ${field}:`))).toHaveLength(1)
  })

  it('holds at least 250 terms per field and 4,000 in all, each of 2+ characters', () => {
    for (const file of files) {
      const words = parseDictionary(readFileSync(file, 'utf8'))
      expect(words.length, basename(file)).toBeGreaterThanOrEqual(250)
      for (const word of words) expect([...word].length, word).toBeGreaterThanOrEqual(2)
    }
    expect(loadDomainDictionary().length).toBeGreaterThanOrEqual(4000)
  })

  it('lists each term once across all files', () => {
    const all = files.flatMap((file) => parseDictionary(readFileSync(file, 'utf8')))
    expect(all.length).toBe(new Set(all).size)
  })

  it('is plain UTF-8 with LF line ends and no BOM (the shipped form)', () => {
    for (const file of files) {
      const bytes = readFileSync(file)
      expect(bytes[0], basename(file)).not.toBe(0xef)
      expect(bytes.includes('\r'), basename(file)).toBe(false)
    }
  })
})
