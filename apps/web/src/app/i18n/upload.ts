// Strings of the shared upload helper (app/upload.ts): citizen chat and staff desk alike.
// Spread into zh-CN.ts and en.ts; keep the two objects' keys identical.
export const uploadZhCN = {
  upload: {
    tooLarge: '{{kind}}超过 {{limit}}，请压缩后再发送',
    notAllowed: '只能发送图片、PDF、Word、Excel、纯文本文件或语音',
    empty: '文件是空的，请重新选择',
    progress: '正在上传 {{percent}}%',
    cancel: '取消',
    cancelLabel: '取消上传 {{name}}',
    cancelled: '已取消上传',
    kind: { image: '图片', voice: '语音', file: '文件' },
  },
};

export const uploadEn: typeof uploadZhCN = {
  upload: {
    tooLarge: 'The {{kind}} is larger than {{limit}}; make it smaller and send it again',
    notAllowed: 'Only images, PDF, Word, Excel, plain text files or voice recordings can be sent',
    empty: 'The file is empty; choose another',
    progress: 'Uploading {{percent}}%',
    cancel: 'Cancel',
    cancelLabel: 'Cancel uploading {{name}}',
    cancelled: 'Upload cancelled',
    kind: { image: 'image', voice: 'recording', file: 'file' },
  },
};
