import { loadIntentModel, type IntentClassifier, type IntentResult } from '@bangban/intent';

// What 小申 says, in one place: short sentences in plain words, because many of the people asking are
// elderly and read slowly on a phone.

export const REPLY = {
  greeting: '您好，我是小申，一网通办的帮办小助手。您可以直接打字问我，比如“护照怎么办”。我答不上来的，可以随时点“转人工”，请工作人员帮您。',
  greetingForMatter: (name: string) =>
    `您好，我是小申。您正在看的是“${name}”，关于这个事项有什么不清楚的，比如要带什么材料、去哪里办，都可以直接问我。我答不上来的，可以随时点“转人工”。`,
  // An entry imported without a standard question has no title to quote: never “关于“”，答复如下”.
  answer: (question: string) => (question.trim() ? `关于“${question.trim()}”，答复如下：` : '小申为您找到以下答复：'),
  matter: (name: string) => `您问的是不是这个事项？下面是“${name}”的办事要点：`,
  suggest: '小申不太确定您想问的是哪一个，您是不是想问：',
  none: '抱歉，这个问题小申暂时还答不上来。我们已经把它记下来，会请工作人员补充答案。您也可以点“转人工”，请工作人员帮您。',
  solved: '太好了！谢谢您告诉我们。还有其他问题，随时问小申。',
  notSolved: '抱歉没能帮到您。我们已经记下这个问题，会尽快把答案补充完整。您可以点“转人工”，请工作人员帮您解答。',
} as const;

/** Where a question that is not a consultation belongs (DOMAIN.md: out of scope keeps its own channels). */
export function scopeChannel(intent: string): string {
  return intent === 'legal' ? '司法途径（法院、检察院、仲裁机构，法律咨询 12348）' : '12345 市民服务热线';
}

export const SMALLTALK_INTENTS = new Set(['greeting', 'thanks', 'goodbye']);
export const SCOPE_INTENTS = new Set(['complaint', 'suggest', 'legal']);

let classifier: IntentClassifier | undefined;

/**
 * The scope model is loaded on first use (about 0.3 s, jieba's dictionary as much again) and kept for the life
 * of the process; the server loads it before it listens (main.ts), so no citizen's question waits for it.
 */
export function classify(text: string): IntentResult {
  classifier ??= loadIntentModel();
  return classifier.classify(text);
}

/** Loads the scope model now. */
export function loadScopeModel(): void {
  classify('您好');
}
