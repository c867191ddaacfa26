// Strings of 长辈版 (elder mode) on the citizen pages and its read-aloud.
// Spread into zh-CN.ts and en.ts; keep the two objects' keys identical.
export const elderZhCN = {
  elder: {
    toElder: '长辈版',
    toStandard: '标准版',
    toElderHint: '切换到长辈版：字更大，按钮更大，可以朗读回答',
    toStandardHint: '切换回标准版',
    read: '朗读',
    stopReading: '停止朗读',
    autoRead: '自动朗读回答',
    autoReadOn: '（已开）',
    autoReadOff: '（已关）',
  },
};

export const elderEn: typeof elderZhCN = {
  elder: {
    toElder: 'Large text',
    toStandard: 'Standard',
    toElderHint: 'Switch to the large-text version: bigger text and buttons, answers read aloud',
    toStandardHint: 'Switch back to the standard version',
    read: 'Read aloud',
    stopReading: 'Stop reading',
    autoRead: 'Read answers aloud',
    autoReadOn: ' (on)',
    autoReadOff: ' (off)',
  },
};
