/**
 * The duijie command: argv → command. The only code that writes to stdout or sets the exit code.
 */
import { Command, CommanderError } from 'commander'
import { matchCommand } from './commands/match.js'
import { mergeCommand } from './commands/merge.js'
import { evalCommand } from './commands/eval.js'
import { demoCommand } from './commands/demo.js'
import { tuneCommand } from './commands/tune.js'
import { describeError, EXIT_OK, EXIT_USAGE } from './exit-codes.js'

const VERSION = '0.1.0'

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK
  const setExitCode = (code: number) => {
    exitCode = code
  }
  const debug = argv.includes('--debug')
  const program = new Command('duijie')
    .description('match Chinese technology supply and demand: 科技成果 ↔ 企业技术需求 ↔ 专家')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', '\nExit codes: 0 done; 1 failed; 2 bad usage; 3 done but some input records were rejected.')
  for (const command of [matchCommand(setExitCode), mergeCommand(setExitCode), evalCommand(setExitCode), demoCommand(), tuneCommand(setExitCode)]) {
    program.addCommand(command.exitOverride().option('--debug', 'print stack traces on errors'))
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
    }
    const { code, line } = describeError(error)
    process.stderr.write(line + '\n')
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
    return code
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`duijie: ${String(error)}\n`)
    process.exitCode = 1
  },
)
