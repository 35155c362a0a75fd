/** Growing typed arrays by doubling: the storage idiom of the index's builders. */

/** `array` itself when at least `minLength` long, else a copy at least double its length. */
export function grow<T extends Int32Array | Uint32Array | Uint16Array | Float32Array | Uint8Array | Float64Array>(array: T, minLength: number): T {
  if (array.length >= minLength) return array
  let length = Math.max(8, array.length * 2)
  while (length < minLength) length *= 2
  const next = new (array.constructor as new (n: number) => T)(length)
  next.set(array)
  return next
}
