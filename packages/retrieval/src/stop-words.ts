// Question filler that says nothing about *which* service is meant. Removing it keeps
// "怎么办"-style tails from dominating short queries and from matching every FAQ answer.
const PHRASES = `
请问 请 问 问一下 咨询 咨询一下 想问 想知道 我想 我要 想 要 需 需要 需不需要 要不要
如何 怎么 怎样 怎么样 怎么办 怎么弄 怎么做 咋 咋办 咋样 如何办 该如何 应如何 应该如何
什么 什么样 啥 哪些 哪里 哪儿 哪个 哪 多少 几 多久 何时 为什么 为何
是否 是不是 能否 能不能 可否 可不可以 可以 可 能 会 会不会 有没有 有无 还 还能 还要 还需
我 我们 你 你们 您 他 她 它 他们 自己 本人 大家
的 地 得 了 着 过 吗 呢 吧 啊 呀 么 嘛 哦 哈 之 其
和 与 及 以及 或 或者 跟 同 并 并且 而 而且 但 但是 如果 若 那么 所以 因为
在 于 从 向 对 对于 关于 为 给 把 被 让 由 以 按 按照 到 去 来 上 下 中 里 内
是 有 该 应 应该 应当 这 那 这个 那个 这些 那些 此 一下 一些 某 各 等 时 后 前 呢
吗？ 么？ 办理吗 都 就 也 又 再 才 只 已 已经 很 最 更 太
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(PHRASES.split(/\s+/).filter(Boolean));

/** Characters never indexed alone: particles whose single-char postings are pure noise. */
export const STOP_CHARS: ReadonlySet<string> = new Set('的了吗呢吧啊呀么嘛哦之其和与及或在于是有该这那我你您他她它'.split(''));
