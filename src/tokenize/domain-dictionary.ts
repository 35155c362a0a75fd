/**
 * The shipped domain dictionary (`dict/domain/*.txt`): general technical vocabulary of the
 * twelve fields, found at run time next to the package.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { parseDictionary } from './dictionary.js'

/** The folder, relative to the package root, that holds one domain file per field. */
export const DOMAIN_DICTIONARY_DIR = join('dict', 'domain')

/**
 * Finds the package root: the nearest folder at or above `fromDir` that holds a `package.json`
 * and the domain dictionary folder.
 *
 * Starting from this module's own location works everywhere the code runs: `src/tokenize/`
 * under vitest and tsx, `dist/` after the tsup bundle (ESM, and CJS where tsup's `shims: true`
 * provides `import.meta.url`), and `node_modules/duijie/dist/` when installed.
 *
 * @param fromDir The folder to start from. Defaults to this module's folder.
 *
 * @returns The absolute path of the package root.
 *
 * @throws Error When no such folder exists up to the file-system root.
 *
 * @internal
 */
export function findPackageRoot(fromDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = fromDir
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, DOMAIN_DICTIONARY_DIR))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the package root with ${DOMAIN_DICTIONARY_DIR}/ above ${fromDir}`)
    dir = parent
  }
}

/**
 * The domain dictionary files, one per field, sorted by name.
 *
 * @returns Absolute paths of `dict/domain/*.txt`.
 *
 * @throws Error When the folder cannot be found or read.
 */
export function domainDictionaryFiles(): string[] {
  const dir = join(findPackageRoot(), DOMAIN_DICTIONARY_DIR)
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name))
}

let cachedWords: readonly string[] | undefined

/**
 * The words of the domain dictionary, normalized and deduplicated. Read once per process and
 * cached: the files ship with the package and do not change while it runs.
 *
 * @returns The words (several thousand).
 *
 * @throws Error When the files cannot be found or read.
 */
export function loadDomainDictionary(): readonly string[] {
  if (cachedWords === undefined) {
    const seen = new Set<string>()
    for (const file of domainDictionaryFiles()) {
      for (const word of parseDictionary(readFileSync(file, 'utf8'))) seen.add(word)
    }
    cachedWords = Object.freeze([...seen])
  }
  return cachedWords
}
