import type { KbEntry } from '../src/types.ts';

const entry = (id: string, question: string, answer: string, extra: Partial<KbEntry> = {}): KbEntry => ({
  id,
  question,
  similar: [],
  answer,
  department: null,
  matter: null,
  ...extra,
});

/** A small KB in the shape of the real ones: official matter names plus FAQ-style entries. */
export const SMALL_KB: KbEntry[] = [
  entry('law-firm', '律师事务所设立许可', '设立律师事务所须向司法行政机关提交设立申请登记表、章程和资产证明。', { matter: 'm-law-firm' }),
  entry('lawyer', '专职律师执业许可', '申请专职律师执业应提交执业申请书、法律职业资格证书和实习考核意见。', { matter: 'm-lawyer' }),
  entry('law-change', '律师事务所变更登记', '律师事务所变更名称、负责人或住所的，应在决定之日起十日内办理变更登记。', { matter: 'm-law-firm' }),
  entry('id-card', '居民身份证申领', '首次申领居民身份证请携带户口簿到户籍所在地派出所办理，需现场采集指纹和照片。', { matter: 'm-id' }),
  entry('driver', '机动车驾驶证换证', '驾驶证有效期满前九十日内可申请换证，可在车管所或交管12123办理。', { matter: 'm-driver' }),
  entry('fund', '住房公积金提取', '购房、租房或退休的职工可以申请提取住房公积金，办理时需提供身份证和相关证明。', { matter: 'm-fund' }),
  entry('marriage', '内地居民婚姻登记', '内地居民结婚，男女双方应当共同到一方户口所在地的婚姻登记机关办理结婚登记。', { matter: 'm-marriage' }),
  entry('materials-fund', '需要准备哪些材料？', '提取住房公积金需要身份证、银行卡以及购房合同或租房证明。', { matter: 'm-fund' }),
  entry('materials-id', '需要准备哪些材料？', '申领居民身份证需要户口簿，十六周岁以下由监护人陪同。', { matter: 'm-id' }),
  entry('birth', '', '新生儿出生后一个月内，由监护人持出生医学证明到派出所办理出生登记。', { department: '公安局' }),
];
