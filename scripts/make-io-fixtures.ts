/**
 * Writes the io fixtures of fixtures/io/: exports as platforms produce them, bad rows included.
 * The bytes are committed; run again (`npx tsx scripts/make-io-fixtures.ts`) only to change
 * them, and update src/io/read-records.test.ts with the diff.
 */

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'

const dir = join(import.meta.dirname, '..', 'fixtures', 'io')
mkdirSync(dir, { recursive: true })

const write = (name: string, bytes: Uint8Array | string): void => {
  writeFileSync(join(dir, name), bytes)
}

// JSON Lines with one problem per line; the test names each line.
write('achievements-broken.jsonl', [
  /* 1 */ '{"id": "A0001", "title": "石墨烯导热膜", "keywords": ["石墨烯", "导热"], "price": 50, "year": 2022}',
  /* 2 */ '{"id": "A0002", "title": "  轴承故障诊断  ", "keywords": "故障诊断、深度学习，振动", "price": "80万元", "cooperation": "技术转让/技术许可"}',
  /* 3 */ '',
  /* 4 */ '{"id": "A0003", "title": "缺引号}',
  /* 5 */ '{"id": "A0004", "summary": "没有成果名称的记录"}',
  /* 6 */ '{"id": "A0001", "title": "重复编号"}',
  /* 7 */ '{"id": "A0005", "title": "简介类型错误", "summary": {"text": "对象"}}',
  /* 8 */ '[1, 2, 3]',
  /* 9 */ '{"编号": "A0006", "成果名称": "中文键名的成果", "价格（万元）": "面议", "所属领域": "新材料", "备注": "未知列"}',
  /* 10 */ '{"id": "__proto__", "title": "原型键", "__proto__": {"polluted": true}, "constructor": "x", "prototype": 1}',
  /* 11 */ '{"id": "A0007", "title": "价格写成汉字", "price": "约五十万"}',
  /* 12 */ '   ',
  /* 13 */ '{"id": "A0008", "title": "关键词类型错误", "keywords": {"a": 1}}',
  /* 14 */ '{"id": 9, "title": "数字编号"}',
].join('\n') + '\n')

// GBK CSV with Chinese headers and CRLF, as Excel on Chinese Windows saves it.
const needsCsv = [
  /* 1 */ '需求编号,需求名称,需求描述,预算（万元）,合作方式,所在地区,截止日期,备注',
  /* 2 */ 'N0001,镀锌铁塔锈蚀,海边镀锌件两三年就锈,150,技术转让,广西壮族自治区防城港市,2025-12-31,',
  /* 3 */ 'N0002,烟气消白,"锅炉烟气白雾明显，',
  /* 4 */ '想找节能的消白办法",50万,"技术服务、技术咨询",陕西省西安市,,急',
  /* 5 */ 'N0003,多了一列,描述,10,技术转让,陕西省,2025-01-01,备注,多余',
  /* 6 */ 'N0004,预算写成汉字,描述,约五十万,合作开发,陕西省,,',
  /* 7 */ 'N0005,预算面议,描述,面议,技术许可,陕西省,,',
  /* 8 */ ',,,,,,,',
  /* 9 */ 'N0006,千分位预算,"描述,含逗号","1,200",技术转让/技术许可,新疆生产建设兵团,,',
  /* 10 */ 'N0001,重复编号,描述,1,技术转让,陕西省,,',
  /* 11 */ 'N0007,,没有名称,1,技术转让,陕西省,,',
].join('\r\n') + '\r\n'
write('needs-gbk.csv', iconv.encode(needsCsv, 'gbk'))

// UTF-8 with BOM, English schema names (odd case and spacing), LF line ends.
write('achievements-bom.csv', '\ufeff' + [
  'ID, Title ,Summary,KEYWORDS,Price,Year,Maturity',
  'A0101,水下机器人,"用于水下检测，续航8小时",机器人;水下;检测,200,2021,中试',
  'A0102,=cmd|calc,公式样的名称,,,,',
].join('\n') + '\n')

// Experts whose columns and ids are prototype names.
write('experts-proto.csv', [
  '__proto__,constructor,prototype,编号,姓名,职称,研究方向',
  '{"polluted":true},x,y,__proto__,郑宏伟,教授,烟气余热回收、湿烟气消白',
  'a,b,c,constructor,覃海燕,,甘蔗育种',
  'a,b,c,E0003,,副教授,没有姓名',
].join('\n') + '\n')

write('empty.jsonl', '')
write('empty.csv', '')
write('header-only.csv', '\ufeff成果编号,成果名称,成果简介\r\n')

// UTF-16LE with BOM, as Windows Notepad saves "Unicode".
write('needs-utf16le.jsonl', Buffer.concat([
  Buffer.from([0xff, 0xfe]),
  Buffer.from('{"id": "N0101", "title": "污水处理", "budget": 30}\r\n{"id": "N0102", "title": "废气治理"}\r\n', 'utf16le'),
]))

// GB18030 JSON Lines, no BOM.
write('experts-gb18030.jsonl', iconv.encode('{"id": "E0101", "姓名": "张三", "职称": "研究员", "研究方向": "增材制造 激光熔覆"}\n', 'gb18030'))
