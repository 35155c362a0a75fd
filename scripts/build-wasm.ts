/**
 * Compiles src/match/accumulate.wat (the accumulation kernel) with wabt and writes its bytes,
 * base64, into src/match/accumulate-wasm.ts, so that the library needs no .wasm file at run
 * time and no compiler at install. Run (`npm run wasm`) after changing the .wat; a test checks
 * that the committed bytes are the .wat's.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileWat } from './compile-wat.js'

const dir = join(import.meta.dirname, '..', 'src', 'match')
const bytes = await compileWat(readFileSync(join(dir, 'accumulate.wat'), 'utf8'))
writeFileSync(
  join(dir, 'accumulate-wasm.ts'),
  `/** accumulate.wat compiled (\`npm run wasm\`; do not edit): ${bytes.length} bytes, base64. */\n` +
    `export const ACCUMULATE_WASM = '${Buffer.from(bytes).toString('base64')}'\n`,
)
console.log(`accumulate.wat: ${bytes.length} bytes`)
