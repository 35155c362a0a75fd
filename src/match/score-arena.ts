/**
 * Where a query's postings are added up: posting regions (documents and saturations parallel to
 * an index's postings, see Bm25fScorer) and, for a matcher, one WebAssembly memory holding its
 * score accumulator and its scorers' regions together, with the kernel (accumulate.wat) that adds
 * a stretch of a region into the scores.
 *
 * Why: adding a posting is a load of a document and a saturation and a read-modify-write of a
 * random score. JavaScript pays bounds checks and conversions around it; the kernel does the
 * same arithmetic in the same order (same scores, bit for bit) in about half the time (100k
 * records, the postings of 200 needs: 1.0–1.3 against 1.8–2.9 ms a need). The kernel can only
 * reach its own memory, so the scores must live there with the postings.
 */
import { ACCUMULATE_WASM } from './accumulate-wasm.js'

/** The part of the WebAssembly JavaScript API used here (the project's `lib` has no DOM types, where TypeScript declares it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmModule {
  readonly kind?: never
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory
}

/** What one 32-bit WebAssembly memory may hold: 65,536 pages of 64 KiB. */
const MAX_PAGES = 65_536
const PAGE_BYTES = 65_536

/**
 * A copy of a stretch of postings' documents and, parallel to it, their saturation (8 bytes a
 * posting): in a ScoreArena's memory, or in an ArrayBuffer of its own.
 */
export class PostingRegion {
  readonly docs: Int32Array
  readonly sats: Float32Array

  /**
   * @param buffer The memory the region is in: `postings` documents from `byteOffset` on, then
   *   as many saturations.
   * @param byteOffset Where the documents start (a multiple of 4).
   * @param postings How many postings.
   * @param arena The arena whose memory `buffer` is, when there is one.
   */
  constructor(
    buffer: ArrayBufferLike,
    readonly byteOffset: number,
    readonly postings: number,
    readonly arena?: ScoreArena,
  ) {
    this.docs = new Int32Array(buffer, byteOffset, postings)
    this.sats = new Float32Array(buffer, byteOffset + 4 * postings, postings)
  }

  /** A region in an ArrayBuffer of its own (added up by JavaScript). */
  static own(postings: number): PostingRegion {
    return new PostingRegion(new ArrayBuffer(8 * postings), 0, postings)
  }
}

type Kernel = (docs: number, sats: number, scores: number, from: number, to: number, factor: number) => void

let compiled: WasmModule | undefined

/** The kernel's module, compiled on first use (nothing runs at import). */
function kernelModule(): WasmModule {
  if (!compiled) {
    const binary = atob(ACCUMULATE_WASM)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    compiled = new WebAssembly.Module(bytes)
  }
  return compiled
}

/** A score accumulator and posting regions in one WebAssembly memory, and the kernel over them. */
export class ScoreArena {
  /** The accumulator: `slots` scores, all zero between queries (the caller clears what it adds). */
  readonly scores: Float64Array<ArrayBuffer>
  /** One region per size asked for, in order. */
  readonly regions: readonly PostingRegion[]
  private readonly kernel: Kernel

  private constructor(memory: WasmMemory, slots: number, postings: readonly number[]) {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } })
    this.kernel = instance.exports.accumulate as Kernel
    // The memory never grows: views made now stay valid.
    const buffer = memory.buffer
    this.scores = new Float64Array(buffer, 0, slots)
    let offset = 8 * slots
    const regions: PostingRegion[] = []
    for (const n of postings) {
      regions.push(new PostingRegion(buffer, offset, n, this))
      offset += 8 * n
    }
    this.regions = regions
  }

  /**
   * An arena of `slots` scores and a region of each size of `postings`, or undefined when they do
   * not fit in one WebAssembly memory (4 GiB: more than ~5·10^8 postings, about 1.3M records with
   * the default channels) or WebAssembly is not available: the scorers then add up in JavaScript.
   */
  static create(slots: number, postings: readonly number[]): ScoreArena | undefined {
    if (typeof WebAssembly !== 'object') return undefined
    const bytes = 8 * (slots + postings.reduce((a, b) => a + b, 0))
    const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES))
    if (pages > MAX_PAGES) return undefined
    try {
      return new ScoreArena(new WebAssembly.Memory({ initial: pages, maximum: pages }), slots, postings)
    } catch (e) {
      // Memory refused (address space or a limit of the process): JavaScript then.
      if (e instanceof RangeError) return undefined
      throw e
    }
  }

  /** scores[docs[i]] += factor · sats[i] for the region's postings i in [from, to). */
  add(region: PostingRegion, from: number, to: number, factor: number): void {
    this.kernel(region.docs.byteOffset, region.sats.byteOffset, this.scores.byteOffset, from, to, factor)
  }
}
