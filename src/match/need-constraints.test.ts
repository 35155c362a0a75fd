import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COOPERATION_MODES, MATURITY_LEVELS, type Need } from '../types.js'
import { requiredProvince } from './constraints.js'
import { effectiveNeed, parseChineseNumber, readConstraintsFromText, type TextConstraints } from './need-constraints.js'

const read = readConstraintsFromText

describe('readConstraintsFromText: 成熟度', () => {
  it.each([
    ['需中试以上', '中试'],
    ['至少小试', '小试'],
    ['中试及以上', '中试'],
    ['要求已产业化', '产业化'],
    ['能直接量产的', '产业化'],
    ['成熟可直接用的', '产业化'],
    ['小批量生产验证过', '小批量'],
    ['实验室阶段的不考虑', '小试'],
    ['还在实验室和中试阶段的不考虑', '小批量'],
    ['成熟度要求：中试', '中试'],
    ['不低于小批量', '小批量'],
    ['要求技术至少放大试验做过', '中试'],
    ['需要已完成中试的技术', '中试'],
    ['要已经批量用过的，不要还在试验的', '小批量'],
    ['要在别的牧业县已经大面积用开了的', '产业化'],
    ['必须有实际项目运行业绩（产业化）', '产业化'],
    ['要求是已经在别的景区做成落地的成熟方案', '产业化'],
    ['需中试以上', '中试'],
  ] as const)('%s → %s', (text, expected) => {
    expect(read(text).maturityRequired).toBe(expected)
  })
  it('takes a threshold over a demanded state in the same text', () => {
    expect(read('中试以上，能直接量产的更好').maturityRequired).toBe('中试')
  })
  it.each([
    '我们的样机目前处于中试阶段',
    '想了解有没有成熟的工艺',
    '希望实现产业化',
    '实验室已经完成小试',
    '有什么成熟的技术能推广',
    '成熟度不限',
    '不要求中试以上',
    '我们的产品已经通过中试验证',
    '不能直接量产',
    '产业化的不考虑',
  ])('reads nothing from a mention or a waiver: %s', (text) => {
    expect(read(text).maturityRequired).toBeUndefined()
  })
})

describe('readConstraintsFromText: 预算', () => {
  it.each([
    ['预算50万以内', 50],
    ['费用不超过100万元', 100],
    ['经费30-50万', 50],
    ['投入在80万左右', 80],
    ['预算1.2亿', 12000],
    ['预算1.2亿元', 12000],
    ['200万元以内', 200],
    ['价格200万元以内', 200],
    ['预算十万元左右', 10],
    ['预算五十万', 50],
    ['经费二十万元', 20],
    ['预算一百万', 100],
    ['预算一百五十万', 150],
    ['预算两千万', 2000],
    ['预算一个亿', 10000],
    ['预算1千万', 1000],
    ['预算百万以内', 100],
    ['费用50w以内', 50],
    ['预算50万-80万', 80],
    ['预算在50~80万之间', 80],
    ['预算：５０万元', 50],
    ['总投入（含技术费）控制在200万以内', 200],
    ['前期投入预算300万以内', 300],
    ['成本控制在60万以内', 60],
    ['设备费用20万，总预算50万', 50],
  ] as const)('%s → %d', (text, expected) => {
    expect(read(text).budget).toBe(expected)
  })
  it.each([
    '年产量5万吨',
    '产值3000万',
    '损失200万',
    '预算充足，年产值3000万',
    '投入年产5万吨的生产线',
    '预算几十万',
    '一年光清洗费就上百万',
    '吨水运行成本控制在40元以内',
    '维护费用每年20万左右',
    '营收不超过500万元',
    '200万以内',
    '功率50W',
    '去年光违约金就赔了二十多万',
    '预算三四十万',
    '预算数百万',
  ])('reads no budget from another quantity or a vague amount: %s', (text) => {
    expect(read(text).budget).toBeUndefined()
  })
})

describe('parseChineseNumber', () => {
  it.each([
    ['十', 10], ['二十', 20], ['五十', 50], ['一百', 100], ['十五', 15], ['一百零五', 105],
    ['三百五', 350], ['一千二', 1200], ['两千', 2000], ['一百五十', 150], ['百', 100], ['千', 1000],
  ] as const)('%s → %d', (text, expected) => {
    expect(parseChineseNumber(text)).toBe(expected)
  })
  it.each(['一二', '十十', '零', '', '百十千', '五x', '二百十', '三四十'])('rejects %j', (text) => {
    expect(parseChineseNumber(text)).toBeUndefined()
  })
})

describe('readConstraintsFromText: 合作方式', () => {
  it.each([
    ['只接受技术转让', ['技术转让'], undefined],
    ['希望技术许可或合作开发', ['技术许可', '合作开发'], undefined],
    ['可以合作开发', ['合作开发'], undefined],
    ['不考虑作价入股', undefined, ['作价入股']],
    ['作价入股不考虑', undefined, ['作价入股']],
    ['买断', ['技术转让'], undefined],
    ['请专家指导', ['技术服务', '技术咨询'], undefined],
    ['希望上门服务', ['技术服务'], undefined],
    ['出方案、咨询', ['技术咨询'], undefined],
    ['技术转让、许可均可', ['技术转让', '技术许可'], undefined],
    ['以品种授权或转让方式合作', ['技术转让', '技术许可'], undefined],
    ['合作方式为合作开发', ['合作开发'], undefined],
    ['接受技术转让但不考虑作价入股', ['技术转让'], ['作价入股']],
    ['希望以合作开发或者技术入股的方式合作，不考虑单纯买技术', ['合作开发', '作价入股'], ['技术转让']],
    ['合作方式只接受技术转让，买断后由我们自己运维，不接受长期委托检测', ['技术转让'], ['技术服务']],
    ['希望有懂这方面的专家来现场看看，给个改造方案', ['技术服务', '技术咨询'], undefined],
  ] as const)('%s', (text, cooperation, excluded) => {
    const result = read(text)
    expect(result.cooperation).toEqual(cooperation)
    expect(result.excludedCooperation).toEqual(excluded)
  })
  it.each([
    '以前做过技术转让，效果不好',
    '需要办理排污许可证',
    '三个月内拿出整改方案',
    '我们是一家飞防服务公司',
    '欢迎来电咨询',
  ])('reads no mode from a mention: %s', (text) => {
    const result = read(text)
    expect([result.cooperation, result.excludedCooperation]).toEqual([undefined, undefined])
  })
})

describe('readConstraintsFromText: 地区', () => {
  it.each([
    ['只要陕西省内的单位', '陕西省', true],
    ['必须是广西的', '广西壮族自治区', true],
    ['优先省内单位', 'same', false],
    ['本地高校优先', 'same', false],
    ['最好是新疆的', '新疆维吾尔自治区', false],
    ['因为要经常到现场联合调试，只考虑陕西省内的高校院所', '陕西省', true],
    ['希望是区内单位', 'same', false],
    ['限内蒙古的企业', '内蒙古自治区', true],
    ['只要黑龙江的专家', '黑龙江省', true],
    ['本省专家优先考虑', 'same', false],
    ['省内的才行', 'same', true],
    ['要求合作单位是本地的', 'same', true],
  ] as const)('%s → %s, strict %s', (text, province, strict) => {
    expect(read(text).region).toEqual({ province, strict })
  })
  it('takes a strict statement over an earlier soft one', () => {
    expect(read('最好是本地的，必须是陕西的').region).toEqual({ province: '陕西省', strict: true })
  })
  it.each([
    '从新疆往内地拉牛羊肉',
    '希望在广西已经推广过的品种',
    '不一定要本地的单位',
    '不限本地单位',
    '优先在小区内的空地安装',
    '厂区内的设备',
    '我们与省内单位合作过',
  ])('reads no region from a place that is not the partner’s or a negated trigger: %s', (text) => {
    expect(read(text).region).toBeUndefined()
  })
})

describe('readConstraintsFromText', () => {
  it('reads every constraint of a typical sentence', () => {
    expect(read('需中试以上，预算50万以内，只接受技术转让，优先省内单位')).toEqual({
      maturityRequired: '中试',
      budget: 50,
      cooperation: ['技术转让'],
      region: { province: 'same', strict: false },
    })
  })
  it('regression: reads long texts in linear time (an unbounded stage list took 8 s on 120,000 characters)', () => {
    for (const unit of ['实验室和', '希望技术转让', '只要省内单位', '我们的中试验证过', '预算', '200万元以内']) {
      const started = performance.now()
      read(unit.repeat(Math.ceil(120_000 / unit.length)))
      expect(performance.now() - started).toBeLessThan(2000)
    }
  })
  it('returns {} for empty and unrelated text', () => {
    expect(read('')).toEqual({})
    expect(read('打磨车间粉尘大，工人老投诉，还怕出安全事故。')).toEqual({})
  })

  const fragments = [
    '预算', '费用', '经费', '投入', '50', '1.2', '十', '二十', '一百', '两', '万', '亿', '元', '吨', '以内', '左右', '-', '~', '到', '不超过',
    '中试', '小试', '实验室', '小批量', '产业化', '以上', '至少', '阶段', '的', '不考虑', '不要', '要求', '已', '能直接量产', '验证过',
    '技术转让', '许可', '合作开发', '入股', '上门', '指导', '咨询', '出方案', '买断', '方式', '均可', '、', '或', '希望', '只接受',
    '陕西', '广西', '省内', '本地', '区内', '优先', '必须是', '单位', '高校', '，', '。', '（', '）', '\n', ' ', '５', '不', '我们的',
  ]
  const textArb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.array(fc.constantFrom(...fragments), { maxLength: 25 }).map((parts) => parts.join('')),
  )
  it('never throws, and returns well-formed values, on any string', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const result: TextConstraints = read(text)
        if (result.maturityRequired !== undefined) expect(MATURITY_LEVELS).toContain(result.maturityRequired)
        if (result.budget !== undefined) expect(Number.isFinite(result.budget) && result.budget > 0).toBe(true)
        for (const mode of [...(result.cooperation ?? []), ...(result.excludedCooperation ?? [])]) expect(COOPERATION_MODES).toContain(mode)
        for (const mode of result.cooperation ?? []) expect(result.excludedCooperation ?? []).not.toContain(mode)
        if (result.cooperation) expect(result.cooperation.length).toBeGreaterThan(0)
        if (result.region) expect(result.region.province).toMatch(/^(?:same|.+(?:省|市|自治区|特别行政区))$/)
      }),
    )
  })
})

describe('effectiveNeed', () => {
  const bare: Need = {
    id: 'N1',
    title: '车门冲压件表面缺陷自动检测',
    region: '陕西省西安市',
    description: '要求：必须是在别的工厂已经用起来的（至少中试以上），总投入控制在80万以内。只接受技术转让，只要省内的单位。',
  }
  it('fills the empty fields from the text and returns the region requirement', () => {
    const result = effectiveNeed(bare)
    expect(result.need).toEqual({ ...bare, maturityRequired: '中试', budget: 80, cooperation: ['技术转让'] })
    expect(result.fromText).toEqual(['maturityRequired', 'budget', 'cooperation', 'regionRequirement'])
    expect(result.regionRequirement).toEqual({ province: 'same', strict: true })
    expect(requiredProvince(result.need, result.regionRequirement)).toBe('陕西省')
  })
  it('keeps structured fields over the text', () => {
    const structured: Need = { ...bare, maturityRequired: '小试', budget: 500, cooperation: ['合作开发'] }
    const result = effectiveNeed(structured)
    expect(result.need).toBe(structured)
    expect(result.fromText).toEqual(['regionRequirement'])
  })
  it('treats a blank maturity, a NaN budget and [] as empty', () => {
    const result = effectiveNeed({ ...bare, maturityRequired: '  ', budget: Number.NaN, cooperation: [] })
    expect([result.need.maturityRequired, result.need.budget, result.need.cooperation]).toEqual(['中试', 80, ['技术转让']])
  })
  it('fills cooperation with every other mode when the text only refuses', () => {
    const result = effectiveNeed({ id: 'N2', title: '兰炭煤气综合利用', description: '不考虑作价入股' })
    expect(result.need.cooperation).toEqual(['技术转让', '技术许可', '合作开发', '技术服务', '技术咨询'])
    expect(result.fromText).toEqual(['cooperation'])
  })
  it('reads the title too', () => {
    expect(effectiveNeed({ id: 'N3', title: '防腐涂料（预算50万）' }).need.budget).toBe(50)
  })
  it('returns the input itself, and no region requirement, when the text states nothing', () => {
    const need: Need = { id: 'N4', title: '打磨粉尘治理', description: '打磨车间粉尘大，工人老投诉。' }
    const result = effectiveNeed(need)
    expect(result.need).toBe(need)
    expect(result.fromText).toEqual([])
    expect('regionRequirement' in result).toBe(false)
  })

  const descriptionArb = fc
    .array(fc.constantFrom('需中试以上', '预算50万以内', '只接受技术转让', '不考虑作价入股', '优先省内单位', '实验室阶段的不考虑', '，', '。', '想找一种办法'), { maxLength: 8 })
    .map((parts) => parts.join(''))
  const structuredArb = fc.record({
    maturityRequired: fc.constantFrom(...MATURITY_LEVELS, '成熟'),
    budget: fc.double({ min: 0, max: 1e5, noNaN: true }),
    cooperation: fc.subarray([...COOPERATION_MODES, '品种授权'], { minLength: 1 }),
  })
  it('returns a need whose structured fields are all set with those values unchanged', () => {
    fc.assert(
      fc.property(structuredArb, descriptionArb, (structured, description) => {
        const need: Need = { id: 'N5', title: '需求', description, ...structured }
        const result = effectiveNeed(need)
        expect(result.need.maturityRequired).toBe(structured.maturityRequired)
        expect(result.need.budget).toBe(structured.budget)
        expect(result.need.cooperation).toEqual(structured.cooperation)
        expect(result.fromText.filter((f) => f !== 'regionRequirement')).toEqual([])
      }),
    )
  })
  it('never changes the need it is given', () => {
    fc.assert(
      fc.property(fc.option(structuredArb, { nil: undefined }), descriptionArb, (structured, description) => {
        const need: Need = Object.freeze({ id: 'N6', title: '需求', description, ...(structured ?? {}) })
        const copy = structuredClone(need)
        effectiveNeed(need)
        expect(need).toEqual(copy)
      }),
    )
  })
})

describe('readConstraintsFromText on the sample needs', () => {
  const needs = ['fixtures/sample/needs.jsonl', 'fixtures/sample/hard/needs.jsonl'].flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Need),
  )
  const results = needs.map((need) => ({ need, text: read(`${need.title}。${need.description ?? ''}`) }))
  it('never contradicts a structured 成熟度 or budget', () => {
    for (const { need, text } of results) {
      if (text.maturityRequired !== undefined) expect([need.id, text.maturityRequired]).toEqual([need.id, need.maturityRequired])
      if (text.budget !== undefined) expect([need.id, text.budget]).toEqual([need.id, need.budget])
    }
  })
  it('reads modes that include at least one of the structured ones', () => {
    for (const { need, text } of results) {
      if (text.cooperation && need.cooperation?.length) expect([need.id, text.cooperation.some((m) => need.cooperation!.includes(m))]).toEqual([need.id, true])
    }
  })
  it('reads 成熟度 and budget from the needs that state them in words (golden)', () => {
    // Each of these descriptions states the value; the others leave it to the structured field only.
    expect(results.filter((r) => r.text.maturityRequired).map((r) => r.need.id)).toEqual([
      'N0003', 'N0006', 'N0007', 'N0009', 'N0016', 'N0025', 'N0027', 'N0038', 'N0047',
      'N0118', 'N0124', 'N0126', 'N0128', 'N0133', 'N0134', 'N0135',
    ])
    expect(results.filter((r) => r.text.budget !== undefined).map((r) => r.need.id)).toEqual([
      'N0001', 'N0003', 'N0007', 'N0010', 'N0012', 'N0016', 'N0025', 'N0027', 'N0047', 'N0117', 'N0126', 'N0128', 'N0133',
    ])
  })
})
