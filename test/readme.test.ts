/**
 * Runs the README's library example, so the first code a newcomer copies works.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

it("runs the README's code example against the sources", async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(code).toBeDefined()
  const entry = join(root, 'src', 'index.js').replace(/\\/g, '/')
  const source = code!.replace(/from 'duijie'/g, `from '${entry}'`).replace(/console\.log/g, 'globalThis.__readmeLog')
  const logged: unknown[][] = []
  ;(globalThis as Record<string, unknown>).__readmeLog = (...args: unknown[]) => logged.push(args)
  const dir = mkdtempSync(join(root, 'node_modules', '.readme-'))
  const file = join(dir, 'example.ts')
  writeFileSync(file, source)
  const cwd = process.cwd()
  process.chdir(root)
  try {
    await import(file)
  } finally {
    process.chdir(cwd)
  }
  expect(logged).toHaveLength(1)
  const [id, matchScore, band, reasons] = logged[0]!
  // N0001 (沿海镀锌铁塔和金具锈得快) is solved by A0024 (graded 3 in qrels.tsv).
  expect(id).toBe('A0024')
  expect(matchScore).toBeGreaterThanOrEqual(40)
  expect(typeof band).toBe('string')
  expect((reasons as string[]).some((r) => r.startsWith('共同技术词'))).toBe(true)
})
