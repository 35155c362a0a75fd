/**
 * Administrative paths (`陕西省西安市鄠邑区`, `新疆维吾尔自治区石河子市`) cut into province,
 * city and county, and how close two regions are.
 */

/** A region cut into levels; missing levels are undefined. */
export interface Region {
  readonly province?: string
  readonly city?: string
  readonly county?: string
}

const MUNICIPALITIES = ['北京市', '天津市', '上海市', '重庆市']
const PROVINCE = /^(.{2,12}?(?:省|自治区|特别行政区))/
// A bare 州 ends the city only when 市 does not follow it: 钦州市 is one city, 凉山州|西昌市 two levels.
const CITY = /^(.{1,12}?(?:自治州|地区|盟|州(?!市)|市))/
const COUNTY = /^(.{1,12}?(?:自治县|自治旗|新区|区|县|市|旗))/
/** Short forms people write (广西, 新疆, 内蒙古) → the full province names of administrative paths. */
const SHORT_PROVINCES: Record<string, string> = {
  广西: '广西壮族自治区', 新疆: '新疆维吾尔自治区', 内蒙古: '内蒙古自治区', 宁夏: '宁夏回族自治区', 西藏: '西藏自治区',
  香港: '香港特别行政区', 澳门: '澳门特别行政区', 北京: '北京市', 天津: '天津市', 上海: '上海市', 重庆: '重庆市',
}

/**
 * Cuts an administrative path into province, city and county.
 *
 * Municipalities (北京市 …) are province and city at once. Short province names (广西, 新疆,
 * 陕西) are expanded where the rest of the path does not say.
 *
 * @param path The path, e.g. `陕西省西安市鄠邑区`; blank or missing gives an empty region.
 */
export function parseRegion(path: string | undefined): Region {
  const key = path ?? ''
  let region = parsed.get(key)
  if (!region) {
    if (parsed.size >= MAX_PARSED_REGIONS) parsed.clear()
    parsed.set(key, (region = Object.freeze(parseUncached(key))))
  }
  return region
}

// Regions repeat (a few thousand distinct paths in a corpus) and parsing costs several regex
// runs: each 匹配 result's constraint check parses two.
const parsed = new Map<string, Region>()
const MAX_PARSED_REGIONS = 1 << 14

function parseUncached(path: string): Region {
  let rest = (path ?? '').replace(/\s+/g, '')
  if (!rest) return {}
  let province: string | undefined
  const municipality = MUNICIPALITIES.find((m) => rest.startsWith(m) || rest.startsWith(m.slice(0, 2)))
  if (municipality) {
    province = municipality
    rest = rest.slice(rest.startsWith(municipality) ? municipality.length : 2)
    const county = COUNTY.exec(rest)?.[1]
    return { province, city: municipality, ...(county ? { county } : {}) }
  }
  const full = PROVINCE.exec(rest)?.[1]
  if (full) {
    province = full
    rest = rest.slice(full.length)
  } else {
    const short = Object.keys(SHORT_PROVINCES).find((s) => rest.startsWith(s))
    if (short) {
      province = SHORT_PROVINCES[short]
      rest = rest.slice(short.length)
    } else if (/^[\u4e00-\u9fff]{2,3}(?=$|[\u4e00-\u9fff]{2,}(?:市|州|地区|盟))/.test(rest) && !CITY.test(rest.slice(0, 3))) {
      // A bare province name such as 陕西 or 黑龙江 followed by a city.
      const match = /^([\u4e00-\u9fff]{2,3}?)(?=[\u4e00-\u9fff]{2,}(?:市|州|地区|盟)|$)/.exec(rest)
      if (match?.[1]) {
        province = `${match[1]}省`
        rest = rest.slice(match[1].length)
      }
    }
  }
  const city = CITY.exec(rest)?.[1]
  if (city) rest = rest.slice(city.length)
  const county = COUNTY.exec(rest)?.[1]
  return { ...(province ? { province } : {}), ...(city ? { city } : {}), ...(county ? { county } : {}) }
}

/** How close two regions are: the deepest level they share. */
export type RegionProximity = 'county' | 'city' | 'province' | 'none' | 'unknown'

/** The deepest shared level of two regions; `unknown` when either has no province. */
export function regionProximity(a: Region, b: Region): RegionProximity {
  if (!a.province || !b.province) return 'unknown'
  if (a.province !== b.province) return 'none'
  if (!a.city || !b.city || a.city !== b.city) return 'province'
  if (!a.county || !b.county || a.county !== b.county) return 'city'
  return 'county'
}

/** The shortest readable name of a region: `陕西省西安市`. */
export function formatRegion(region: Region, depth: 'province' | 'city' | 'county' = 'county'): string {
  if (depth === 'province') return region.province ?? ''
  const city = region.city && region.city !== region.province ? region.city : ''
  if (depth === 'city') return `${region.province ?? ''}${city}`
  return `${region.province ?? ''}${city}${region.county ?? ''}`
}
