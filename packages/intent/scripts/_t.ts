import { extractFeatures, DEFAULT_FEATURES } from '/work/main/packages/intent/src/tokenize.ts';
console.log(extractFeatures('你好，领导。小区垃圾无人清理！请问什么时候处理？谢谢', { ...DEFAULT_FEATURES, charMin: 0, words: false, edgeSentence: 30 }));
