/**
 * Output sinks of the CLI: JSON Lines or CSV files, or JSON Lines on stdout.
 */
import { invalidOption } from '../errors.js'
import { createCsvWriter, type CsvEncoding } from '../io/write-csv.js'
import { createJsonlWriter, type RecordWriter } from '../io/write-jsonl.js'

export type OutputFormat = 'jsonl' | 'csv'

/** A writer for a path, or for stdout when the path is `-` or undefined (JSON Lines only). */
export function createWriterFor<T extends object>(
  path: string | undefined,
  format: OutputFormat,
  csv?: { columns: readonly string[]; encoding?: CsvEncoding },
): RecordWriter<T> {
  if (path === undefined || path === '-') {
    let count = 0
    return {
      async write(record) {
        count++
        if (!process.stdout.write(JSON.stringify(record) + '\n')) await new Promise((resolve) => process.stdout.once('drain', resolve))
      },
      close: async () => {},
      get count() {
        return count
      },
    }
  }
  if (format === 'csv') return createCsvWriter<T>(path, { columns: csv?.columns ?? [], encoding: csv?.encoding ?? 'utf8' })
  return createJsonlWriter<T>(path)
}

/** The format of an output path: `.csv` → csv, else jsonl; an explicit flag wins. */
export function outputFormat(flag: string | undefined, path: string | undefined): OutputFormat {
  if (flag === 'csv' || flag === 'jsonl') return flag
  if (flag !== undefined) invalidOption('--format', flag, 'must be jsonl or csv')
  return path?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl'
}
