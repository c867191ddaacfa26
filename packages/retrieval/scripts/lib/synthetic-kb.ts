import type { KbEntry } from '../../src/types.ts';

const PLACES = ['广州市', '深圳市', '珠海市', '汕头市', '佛山市', '韶关市', '河源市', '梅州市', '惠州市', '汕尾市', '东莞市', '中山市', '江门市', '阳江市', '湛江市', '茂名市', '肇庆市', '清远市', '潮州市', '揭阳市', '云浮市', '东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区', '通州区'];

/**
 * Replicates real entries up to `n` with distinct ids and light perturbations (a place name
 * in front of the question and answer, an occasional dropped character) so that postings,
 * document frequencies and vocabulary grow like a real multi-region catalogue would.
 */
export function syntheticKb(seed: readonly KbEntry[], n: number): KbEntry[] {
  const out: KbEntry[] = [];
  for (let i = 0; out.length < n; i++) {
    const e = seed[i % seed.length]!;
    const round = Math.floor(i / seed.length);
    if (round === 0) {
      out.push(e);
      continue;
    }
    const place = PLACES[(round + i) % PLACES.length]!;
    const drop = e.answer.length > 20 ? (i * 7919) % e.answer.length : -1;
    const answer = drop >= 0 ? e.answer.slice(0, drop) + e.answer.slice(drop + 1) : e.answer;
    out.push({
      ...e,
      id: `${e.id}~${round}`,
      question: e.question ? `${place}${e.question}` : '',
      answer: `${place}：${answer}`,
      department: e.department ? `${place}${e.department}` : e.department,
    });
  }
  return out;
}
