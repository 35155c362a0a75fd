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
    // The worker threads (src/worker-threads.ts starts dist/<name>.js, beside the bundles):
    // parallel index builds and batch matching. ESM, loaded by ESM and CJS callers alike.
    entry: {
      'analysis-worker': 'src/index/analysis-worker.ts',
      'invert-worker': 'src/index/invert-worker.ts',
      'match-worker': 'src/match/match-worker.ts',
    },
    format: ['esm'],
    sourcemap: true,
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
