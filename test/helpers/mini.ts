import { fileURLToPath } from 'node:url'
import { buildIndex } from '../../src/index/document-index.js'
import { readRecords } from '../../src/io/read-records.js'
import { createAnalyzer } from '../../src/tokenize/analyzer.js'

/** Path of a file in fixtures/. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))

/** The hand-made mini corpus of fixtures/mini. */
export async function loadMini() {
  const [achievements, needs, experts] = await Promise.all([
    readRecords(fixture('mini/achievements.jsonl'), 'achievement'),
    readRecords(fixture('mini/needs.jsonl'), 'need'),
    readRecords(fixture('mini/experts.jsonl'), 'expert'),
  ])
  return { achievements: achievements.records, needs: needs.records, experts: experts.records }
}

/** The sample corpus of fixtures/sample (the dev set) and the dev-hard needs. */
export async function loadSample() {
  const [achievements, needs, experts, hardNeeds] = await Promise.all([
    readRecords(fixture('sample/achievements.jsonl'), 'achievement'),
    readRecords(fixture('sample/needs.jsonl'), 'need'),
    readRecords(fixture('sample/experts.jsonl'), 'expert'),
    readRecords(fixture('sample/hard/needs.jsonl'), 'need'),
  ])
  return { achievements: achievements.records, needs: needs.records, experts: experts.records, hardNeeds: hardNeeds.records }
}

/** The sample achievements indexed with the default analyzer, and every sample need (dev, then dev-hard) as queries. */
export async function loadSampleIndex() {
  const sample = await loadSample()
  return {
    index: buildIndex(sample.achievements, { kind: 'achievement', analyzer: createAnalyzer() }),
    needs: [...sample.needs, ...sample.hardNeeds],
  }
}
