import { expect } from 'vitest'
import { MatchError } from '../../src/errors.js'

/** Asserts that `run` throws a MatchError INVALID_OPTION with exactly this message. */
export function expectInvalid(run: () => unknown, message: string): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(MatchError)
    expect((error as MatchError).code).toBe('INVALID_OPTION')
    expect((error as MatchError).message).toBe(message)
    return
  }
  expect.fail('expected a MatchError')
}
