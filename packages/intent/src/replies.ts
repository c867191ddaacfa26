import type { Intent } from './labels.ts';

// Plain-Chinese replies for everything the help service does not answer itself. Each one says where
// the citizen should go instead, so nobody is turned away without a next step.
export const REPLIES: Readonly<Record<Exclude<Intent, 'consult'>, string>> = {
  complaint:
    '您反映的情况属于投诉类诉求，小申只负责解答办事咨询，无法受理投诉。投诉请拨打12345市民服务热线，或登录12345网站提交，相关部门会按规定受理并答复。如需了解某项服务事项怎么办理，欢迎继续问我。',
  suggest:
    '感谢您的意见建议！建言献策请拨打12345市民服务热线，或登录12345网站提交，相关部门会认真研究。如有办事方面的问题，欢迎继续问我。',
  legal:
    '涉法涉诉事项（如起诉、诉讼、仲裁、申诉、判决执行等）不在小申的服务范围内，请通过人民法院、检察院、仲裁机构或司法行政机关等原渠道依法办理；需要法律咨询可拨打12348公共法律服务热线，经济困难的可以申请法律援助。',
  greeting: '您好，我是小申！我可以帮您了解政务服务事项怎么办理，比如需要哪些材料、去哪里办、多久办好。请问有什么可以帮您？',
  thanks: '不客气！如果还有其他办事问题，随时可以问我。',
  goodbye: '再见！祝您办事顺利，有需要随时找小申。',
};

export function replyFor(intent: Intent): string | undefined {
  return intent === 'consult' ? undefined : REPLIES[intent];
}
