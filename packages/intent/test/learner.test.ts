import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stratifiedFolds } from '../src/data.ts';
import { computeMetrics } from '../src/metrics.ts';
import { minimize } from '../src/lbfgs.ts';
import { DEFAULT_PIPELINE, probaForText, trainPipeline, type PipelineConfig } from '../src/pipeline.ts';
import { fromModelFile, toModelFile } from '../src/model-file.ts';
import { argmaxLabel } from '../src/cross-validate.ts';
import type { ModelLabel } from '../src/labels.ts';
import { mulberry32 } from '../src/rng.ts';

// A synthetic corpus: each class has its own cue words mixed with shared noise words, so only a
// learner that actually fits weights separates held-out sentences.
const CUES: Record<ModelLabel, string[]> = {
  consult: ['请问', '怎么办理', '需要什么材料', '在哪里办', '多久能办好'],
  suggest: ['建议', '希望增设', '能否考虑', '提议', '可以优化'],
  complaint: ['投诉', '严重扰民', '不作为', '乱收费', '拖欠工资'],
};
const NOISE = ['社保卡', '居住证', '小区', '公交', '学校', '营业执照', '停车', '医院'];

function synth(n: number, seed: number): { text: string; label: ModelLabel }[] {
  const rand = mulberry32(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)] as T;
  const labels = Object.keys(CUES) as ModelLabel[];
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % 3] as ModelLabel;
    return { label, text: `${pick(NOISE)}${pick(CUES[label])}，${pick(NOISE)}${pick(NOISE)}的问题` };
  });
}

const TINY: PipelineConfig = { ...DEFAULT_PIPELINE, vectorizer: { minDf: 1, sublinearTf: true, useIdf: true }, l2: 1e-3 };

test('L-BFGS finds the minimum of a convex quadratic', () => {
  const target = [3, -2, 0.5];
  const { w } = minimize((x, g) => {
    let f = 0;
    x.forEach((v, i) => {
      const d = v - (target[i] as number);
      f += (i + 1) * d * d;
      g[i] = 2 * (i + 1) * d;
    });
    return f;
  }, new Float64Array(3), { maxIter: 100, tol: 1e-12, memory: 5 });
  target.forEach((t, i) => assert.ok(Math.abs((w[i] as number) - t) < 1e-4, `w[${i}]`));
});

test('stratified folds are deterministic and keep every class in every fold', () => {
  const labels = Array.from({ length: 30 }, (_, i) => ['a', 'b', 'c'][i % 3] as string);
  const a = stratifiedFolds(labels, 5, 7);
  assert.deepEqual(a, stratifiedFolds(labels, 5, 7));
  assert.notDeepEqual(a, stratifiedFolds(labels, 5, 8));
  for (let f = 0; f < 5; f++) {
    assert.deepEqual(new Set(labels.filter((_, i) => a[i] === f)), new Set(['a', 'b', 'c']));
  }
});

test('the learner learns a tiny synthetic task and generalises to unseen sentences', () => {
  const train = synth(90, 1);
  const heldOut = synth(30, 2);
  const model = trainPipeline(train.map((r) => r.text), train.map((r) => r.label), TINY);
  const pred = heldOut.map((r) => argmaxLabel(probaForText(model, r.text)));
  const m = computeMetrics(heldOut.map((r) => r.label), pred);
  assert.ok(m.accuracy >= 90, `held-out accuracy ${m.accuracy}`);
  // Untrained (all-zero) weights would give uniform probabilities; a trained model is confident.
  const p = probaForText(model, '公交投诉，停车的问题');
  assert.equal(argmaxLabel(p), 'complaint');
  assert.ok((p[2] as number) > 0.5);
});

test('NB-weighted logistic regression learns the synthetic task and folds into one linear model', () => {
  const cfg: PipelineConfig = { ...TINY, learner: 'nb-logistic', nbAlpha: 1, vectorizer: { minDf: 1, sublinearTf: false, useIdf: false, binary: true } };
  const train = synth(90, 1);
  const heldOut = synth(30, 2);
  const model = trainPipeline(train.map((r) => r.text), train.map((r) => r.label), cfg);
  assert.equal(model.linear.weights.length, model.vectorizer.size * 3);
  const pred = heldOut.map((r) => argmaxLabel(probaForText(model, r.text)));
  const m = computeMetrics(heldOut.map((r) => r.label), pred);
  assert.ok(m.accuracy >= 90, `held-out accuracy ${m.accuracy}`);
  assert.equal(argmaxLabel(probaForText(model, '公交投诉，停车的问题')), 'complaint');
  assert.equal(argmaxLabel(probaForText(model, '小区建议，学校的问题')), 'suggest');
  // Binary features: repeating a word does not change the vector.
  const once = model.vectorizer.transform(['w:投诉']);
  const twice = model.vectorizer.transform(['w:投诉', 'w:投诉']);
  assert.deepEqual(Array.from(once.val), Array.from(twice.val));
});

test('training is deterministic and survives a model-file round trip', () => {
  const data = synth(60, 3);
  const a = trainPipeline(data.map((r) => r.text), data.map((r) => r.label), TINY);
  const b = trainPipeline(data.map((r) => r.text), data.map((r) => r.label), TINY);
  assert.deepEqual(JSON.stringify(toModelFile(a, 0.4)), JSON.stringify(toModelFile(b, 0.4)));
  const loaded = fromModelFile(JSON.parse(JSON.stringify(toModelFile(a, 0.4))));
  assert.equal(loaded.fallbackThreshold, 0.4);
  for (const r of synth(12, 4)) {
    const p = probaForText(a, r.text);
    const q = probaForText(loaded.pipeline, r.text);
    p.forEach((v, k) => assert.ok(Math.abs(v - (q[k] as number)) < 1e-3, 'quantised weights stay close'));
  }
});

test('metrics match a hand-computed example', () => {
  const gold: ModelLabel[] = ['consult', 'consult', 'suggest', 'complaint', 'complaint'];
  const pred: ModelLabel[] = ['consult', 'complaint', 'suggest', 'complaint', 'consult'];
  const m = computeMetrics(gold, pred);
  assert.equal(m.n, 5);
  assert.equal(m.accuracy, 60);
  assert.equal(m.complaint_precision, 50);
  assert.equal(m.complaint_recall, 50);
  // F1: consult 0.5, suggest 1, complaint 0.5 -> macro 66.67
  assert.equal(m.macro_f1, 66.67);
});
