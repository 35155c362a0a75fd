/**
 * `duijie merge OUT SHARD…`: joins the outputs of `duijie match --shard i/n` into the output
 * one machine would have written, byte for byte.
 */
import { Command } from 'commander'
import { mergeShards } from '../../job/merge.js'
import { EXIT_OK } from '../exit-codes.js'

export function mergeCommand(setExitCode: (code: number) => void): Command {
  return new Command('merge')
    .description('join the outputs of duijie match --shard 1/n … n/n (each with its .shard-index) into one output, in query order')
    .argument('<out>', 'the merged output file')
    .argument('<shards...>', 'the shard outputs, in any order')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (out: string, shards: string[], flags: { quiet?: boolean }) => {
      const summary = await mergeShards(out, shards)
      if (!flags.quiet) process.stderr.write(`merged ${summary.shards} shards, ${summary.items} query records → ${out} (${summary.bytes} bytes)\n`)
      setExitCode(EXIT_OK)
    })
}
