/**
 * The thesaurus: query-side expansion knowledge. Enterprises describe symptoms, colloquial and
 * trade names (冒白烟, 糖友, 披锋, 大四轮); achievements use the technical terms (烟气消白,
 * 糖尿病患者, 飞边, 拖拉机). A thesaurus entry bridges the two: when a query text contains a
 * phrase, the phrases it bridges to can be added to the query. Shipped as `dict/thesaurus/*.txt`,
 * one file per field; users add their own files or entries.
 *
 * It is not segmentation (it never changes how text is cut into terms: that is the domain
 * dictionary of tokenize/), not a stopword list, and not a scorer: it only says which phrases a
 * text bridges to; how much an added phrase weighs is decided by match/.
 */
export {
  parseThesaurus,
  THESAURUS_PHRASE_MAX_LENGTH,
  THESAURUS_PHRASE_MIN_LENGTH,
  type ParsedThesaurusEntry,
  type ThesaurusEntry,
} from './parse.js'
export {
  createThesaurus,
  DEFAULT_THESAURUS_OPTIONS,
  loadBuiltinThesaurus,
  thesaurusFiles,
  THESAURUS_DIR,
  type Thesaurus,
  type ThesaurusHit,
  type ThesaurusOptions,
} from './thesaurus.js'
