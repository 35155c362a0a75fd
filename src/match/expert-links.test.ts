import { beforeAll, describe, expect, it } from 'vitest'
import { buildIndex } from '../index/document-index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Achievement, Expert, Need } from '../types.js'
import { loadMini } from '../../test/helpers/mini.js'
import { linkExperts } from './expert-links.js'
import { createMatcher, type Matcher } from './matcher.js'

let achievements: Achievement[]
let experts: Expert[]
let needs: Need[]
let byAchievement: Matcher

beforeAll(async () => {
  ;({ achievements, experts, needs } = await loadMini())
  byAchievement = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() }))
})

describe('linkExperts', () => {
  it('links an expert to the matching achievements of their own institution only', () => {
    const links = linkExperts(experts, byAchievement)
    // E01 (广西大学, 海洋防腐涂料) ↔ A01 (广西大学, graphene marine coating); A02 is the same text from 北部湾大学.
    expect(links.get('E01')!.map((l) => l.id)).toEqual(['A01'])
    // E02 (西北农林科技大学, 猕猴桃病害) ↔ A05 (西北农林科技大学, canker biocontrol).
    expect(links.get('E02')!.map((l) => l.id)).toEqual(['A05'])
    for (const list of links.values()) for (const l of list) expect(l.strength).toBeGreaterThan(0)
  })

  it('credits an expert with a linked achievement the need matches, and says so in the reasons', () => {
    const links = new Map([['E03', [{ id: 'A05', title: '猕猴桃溃疡病生物防治菌剂', strength: 1 }]]])
    const index = buildIndex(experts, { kind: 'expert', analyzer: createAnalyzer() })
    const plain = createMatcher(index).match(needs[1]!) // N02: kiwifruit canker
    expect(plain.map((r) => r.id)).not.toContain('E03') // a battery expert shares nothing with it
    const linked = createMatcher(index, { linked: { matcher: byAchievement, links, weight: 1 } }).match(needs[1]!, { explain: true })
    const e03 = linked.find((r) => r.id === 'E03')!
    expect(e03.reasons[0]).toBe('团队相关成果：A05《猕猴桃溃疡病生物防治菌剂》')
    expect(e03.explanation!.value).toBeCloseTo(e03.score, 9)
  })
})
