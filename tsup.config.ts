import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // The library: ESM + CJS + types. Nothing runs at import (sideEffects: false).
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
  },
  {
    // The command-line tool, ESM only, with its shebang.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    shims: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
])
