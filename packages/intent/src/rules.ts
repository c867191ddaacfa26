// Deterministic pre-model rules. They run before the classifier because these cases are either too
// short for it (greetings) or outside its label set (legal cases and lawsuits).

export type RuleIntent = 'greeting' | 'thanks' | 'goodbye' | 'legal';

export interface RuleHit {
  intent: RuleIntent;
  /** The phrase that triggered the rule, for logs and tests. */
  matched: string;
}

const PUNCT_SPACE_EMOJI = /[\s\p{P}\p{S}\p{Emoji_Presentation}~～]/gu;

// Small-talk vocabularies. A message counts as small talk only if nothing else is left after removing
// these phrases, so "你好，请问社保卡怎么补办" is never swallowed as a greeting.
const GREETING = ['你好', '您好', '你们好', '大家好', '在吗', '在么', '在不在', '有人吗', '有人在吗', '哈喽', '哈啰', 'hello', 'hi', 'hey', '嗨', '喂', '早上好', '上午好', '中午好', '下午好', '晚上好', '早安', '早', '打扰了', '打扰一下', '请问'];
const THANKS = ['谢谢你', '谢谢您', '谢谢', '多谢', '感谢您', '感谢你', '感谢', '非常感谢', '十分感谢', '万分感谢', '谢啦', '谢了', '蟹蟹', '3q', 'thanks', 'thankyou', 'thank you', '辛苦了', '辛苦', '麻烦了', '麻烦你了', '好的', '明白了', '知道了', '懂了', '收到', 'ok', '好'];
const GOODBYE = ['再见', '拜拜', 'bye', 'byebye', '回头见', '下次见', '先这样', '就这样'];
const ADDRESS = ['小申', '客服', '机器人', '工作人员', '同志', '领导', '老师', '亲'];
const FILLER = ['啊', '呀', '呢', '哦', '噢', '喔', '嗯', '嘛', '吧', '哈', '啦', '了', '的', '非常', '很', '真', '你', '您', '们', '大家'];

function byLengthDesc(words: string[]): string[] {
  return [...words].sort((a, b) => b.length - a.length);
}

const ALL_PHRASES = byLengthDesc([...GREETING, ...THANKS, ...GOODBYE, ...ADDRESS]);
const FILLER_SORTED = byLengthDesc(FILLER);

/** Small talk is short by nature; anything longer carries a request worth answering. */
const SMALL_TALK_MAX_CHARS = 16;

export function detectSmallTalk(text: string): RuleHit | undefined {
  const compact = text.normalize('NFKC').toLowerCase().replace(PUNCT_SPACE_EMOJI, '');
  if (!compact || compact.length > SMALL_TALK_MAX_CHARS) return undefined;
  let rest = compact;
  const found: string[] = [];
  for (const phrase of ALL_PHRASES) {
    if (rest.includes(phrase.replace(/\s/g, ''))) {
      found.push(phrase);
      rest = rest.split(phrase.replace(/\s/g, '')).join('|');
    }
  }
  for (const f of FILLER_SORTED) rest = rest.split(f).join('|');
  if (rest.replace(/\|/g, '') !== '' || found.length === 0) return undefined;
  // Closing words win over greetings: "你好，谢谢" ends a conversation rather than starting one.
  const goodbye = found.find((p) => GOODBYE.includes(p));
  if (goodbye) return { intent: 'goodbye', matched: goodbye };
  const thanks = found.find((p) => THANKS.includes(p));
  if (thanks) return { intent: 'thanks', matched: thanks };
  const greeting = found.find((p) => GREETING.includes(p));
  if (greeting) return { intent: 'greeting', matched: greeting };
  // Only an address word ("小申？") is a bid for attention: treat it as a greeting.
  return { intent: 'greeting', matched: found[0] as string };
}

// Terms that by themselves mean a court case, arbitration or a lawsuit. "被告" excludes 被告知
// ("was told"), which is common in ordinary complaints.
const LEGAL_STRONG =
  /起诉|诉讼|打官司|官司|上诉|再审|判决|裁定书|裁决书|仲裁|律师函|原告|被告(?![知诉])|开庭|庭审|强制执行|涉法涉诉|行政复议|刑事案件|民事案件|法院传票/gu;
// Ambiguous words ("申诉" is also an app's appeal button, "立案审查" an urban-renewal step) that only
// count next to a court or prosecution word.
const LEGAL_WEAK = /申诉|立案|执行|调解|赔偿|案件/u;
const LEGAL_CONTEXT = /法院|法庭|检察院|公安|判决|律师|案件|法官/u;

// Service matters run by legal institutions: a consultation about them is in scope.
const LEGAL_SERVICE =
  /律师事务所|律所|律师执业|执业律师|律师证|公职律师|法律援助|公证|司法鉴定|法律职业资格|司法考试|基层法律服务|人民调解员|仲裁委员会(?:设立|登记)|仲裁员/u;
const PROCEDURAL_QUESTION = /怎么|怎样|如何|哪里|哪儿|流程|材料|条件|需要|办理|申请|设立|许可|多久|多长时间|收费|费用|电话|地址|吗|\?|？/u;

/** A long message mentioning a lawsuit in passing ("对方让我去起诉") is still a complaint or suggestion. */
const LEGAL_MAX_CHARS_SINGLE_TERM = 100;

export function detectLegal(text: string): RuleHit | undefined {
  const norm = text.normalize('NFKC');
  const strong = new Set([...norm.matchAll(LEGAL_STRONG)].map((m) => m[0]));
  let matched = [...strong][0];
  if (!matched) {
    const weak = LEGAL_WEAK.exec(norm);
    if (weak && LEGAL_CONTEXT.test(norm)) matched = weak[0];
  }
  if (!matched) return undefined;
  if (LEGAL_SERVICE.test(norm) && PROCEDURAL_QUESTION.test(norm)) return undefined;
  if (Array.from(norm).length > LEGAL_MAX_CHARS_SINGLE_TERM && strong.size < 2) return undefined;
  return { intent: 'legal', matched };
}

export function applyRules(text: string): RuleHit | undefined {
  return detectSmallTalk(text) ?? detectLegal(text);
}
