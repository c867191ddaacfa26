// General government-service vocabulary: everyday word ↔ official term. Hand-written domain
// knowledge (not mined from any evaluation query); each line is one group of equivalents.
const GROUPS = `
身份证 居民身份证
户口 户籍
户口本 户口簿 居民户口簿
落户 户口迁入
迁户口 户口迁移
营业执照 企业登记 工商登记
开公司 开办企业 企业设立登记
公司 企业
社保 社会保险
社保卡 社会保障卡
医保 医疗保险 基本医疗保险
医保卡 社会保障卡
公积金 住房公积金
驾照 驾驶证 机动车驾驶证
行驶证 机动车行驶证
车牌 号牌 机动车号牌
年检 年审 机动车检验
违章 交通违法
进京证 进京通行证
结婚 结婚登记 婚姻登记
离婚 离婚登记
准生证 生育服务证 生育登记
出生证 出生医学证明
生孩子 生育
护照 普通护照
港澳通行证 往来港澳通行证
退休 养老 退休金 养老金
养老保险 基本养老保险
失业金 失业保险金
工伤 工伤保险
残疾证 残疾人证
低保 最低生活保障
房产证 不动产权证书 房屋所有权证
过户 转移登记
暂住证 居住证
律所 律师事务所
执业证 执业证书
补办 补领 补发
丢了 丢失 遗失 挂失
上户口 报户口 户口登记
到期 期满 有效期满
换证 换发
迁出 户口迁出
个税 个人所得税
劳动仲裁 劳动争议仲裁
欠薪 拖欠工资
工资 薪酬
毕业证 学历证明 毕业证书
职称 专业技术资格 专业技术职务
健康证 健康合格证明
老年卡 老年人优待卡
小孩 子女 儿童
老人 老年人
外地 异地
报销 结算
更改 变更 修改
申领 申请 领取
补贴 补助 津贴
死亡证明 死亡医学证明
`;

export const SYNONYM_GROUPS: readonly (readonly string[])[] = GROUPS.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/));

const byMember = new Map<string, readonly string[]>();
for (const group of SYNONYM_GROUPS) for (const m of group) if (!byMember.has(m)) byMember.set(m, group);
const members = [...byMember.keys()].sort((a, b) => b.length - a.length);

export interface SynonymHit {
  found: string;
  alternatives: string[];
}

/**
 * Finds group members in normalized text, longest first and without overlaps, so "社保卡"
 * does not also fire "社保". Alternatives already present in the text are skipped.
 */
export function findSynonyms(text: string): SynonymHit[] {
  const used = new Uint8Array(text.length);
  const hits: SynonymHit[] = [];
  for (const m of members) {
    let at = text.indexOf(m);
    while (at >= 0) {
      if (!used.subarray(at, at + m.length).some((x) => x === 1)) {
        used.fill(1, at, at + m.length);
        const alternatives = byMember.get(m)!.filter((s) => s !== m && !text.includes(s));
        if (alternatives.length > 0) hits.push({ found: m, alternatives });
        break;
      }
      at = text.indexOf(m, at + 1);
    }
  }
  return hits;
}

/** Query rewrites used by coverage features: each hit replaced by its first alternative. */
export function synonymVariants(text: string, hits: SynonymHit[], max = 3): string[] {
  const out: string[] = [];
  for (const h of hits) {
    for (const alt of h.alternatives) {
      if (out.length >= max) return out;
      out.push(text.replace(h.found, alt));
    }
  }
  return out;
}
