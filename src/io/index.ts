/**
 * io: files in and out, at the edge of the library.
 *
 * What it is: reading records (科技成果, 企业技术需求, 专家) from platform exports — JSON Lines or
 * CSV, UTF-8 with or without BOM, UTF-16, GBK/GB18030, Chinese or English column names — so
 * that a bad row becomes a {@link Reject} naming file, line and field while the rest is read;
 * writing JSON Lines and spreadsheet-safe CSV; qrels and TREC run files for evaluation.
 *
 * What it is not: it does not match, score, clean or normalise text beyond trimming, and it
 * does not guess missing values. Everything here is async and streams; everything else in the
 * library is synchronous and in memory.
 */

export { formatReject, MAX_RAW_LENGTH, type Reject } from './reject.js'
export {
  detectEncoding,
  detectFileEncoding,
  decodeFile,
  parseEncoding,
  DETECTION_WINDOW,
  ENCODINGS,
  type Encoding,
  type EncodingDetection,
  type EncodingOption,
} from './encoding.js'
export {
  createHeaderMapper,
  normalizeHeader,
  SCHEMA_FIELDS,
  type HeaderMapper,
  type HeaderMapping,
  type SchemaField,
} from './headers.js'
export { buildRecord, toRecord, REQUIRED_FIELDS, type RecordResult, type ToRecordOptions } from './records.js'
export { readJsonl, type ReadJsonlOptions } from './jsonl.js'
export {
  readRecords,
  readRecordStream,
  type ReadItem,
  type ReadRecordsOptions,
  type ReadRecordsResult,
  type ReadStats,
  type RecordFormat,
  type RecordLocation,
  type RecordStream,
} from './read-records.js'
export { createJsonlWriter, writeJsonl, type RecordWriter } from './write-jsonl.js'
export {
  createCsvWriter,
  neutralizeFormula,
  toCsvCell,
  writeCsv,
  type CsvColumn,
  type CsvEncoding,
  type CsvWriterOptions,
} from './write-csv.js'
export { parseQrels, readQrels } from './qrels.js'
export {
  DEFAULT_RUN_TAG,
  DEFAULT_SCORE_DIGITS,
  formatRun,
  parseRun,
  readRun,
  toRunRows,
  writeRun,
  type FormatRunOptions,
  type RunRow,
} from './run.js'
