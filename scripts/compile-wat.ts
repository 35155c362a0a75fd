import wabtModule from 'wabt'

/** The WebAssembly binary of a text-format module (wabt, without debug names). */
export async function compileWat(source: string): Promise<Uint8Array> {
  const wabt = await wabtModule()
  const module = wabt.parseWat('module.wat', source)
  try {
    module.validate()
    return module.toBinary({ write_debug_names: false }).buffer
  } finally {
    module.destroy()
  }
}
