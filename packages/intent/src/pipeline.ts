import { MODEL_LABELS, type ModelLabel } from './labels.ts';
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './tokenize.ts';
import { Vectorizer, type VectorizerOptions, type VectorizerState } from './vectorizer.ts';
import { DEFAULT_LBFGS, type LbfgsOptions } from './lbfgs.ts';
import { predictProba, trainSoftmax, type LinearModel } from './softmax-regression.ts';

export interface PipelineConfig {
  features: FeatureOptions;
  vectorizer: VectorizerOptions;
  l2: number;
  lbfgs: LbfgsOptions;
}

export const DEFAULT_PIPELINE: PipelineConfig = {
  features: DEFAULT_FEATURES,
  vectorizer: { minDf: 2, sublinearTf: true, useIdf: true },
  l2: 1e-4,
  lbfgs: DEFAULT_LBFGS,
};

/** Everything needed to score a message; this is what the model file serialises. */
export interface TrainedPipeline {
  labels: ModelLabel[];
  vectorizer: Vectorizer;
  linear: LinearModel;
}

/** Train from pre-extracted feature lists so cross-validation can reuse one tokenisation pass. */
export function trainFromFeatures(docs: string[][], labels: ModelLabel[], config: PipelineConfig): TrainedPipeline {
  const vectorizer = Vectorizer.fit(docs, config.features, config.vectorizer);
  const X = docs.map((d) => vectorizer.transform(d));
  const y = labels.map((l) => MODEL_LABELS.indexOf(l));
  const linear = trainSoftmax(X, y, MODEL_LABELS.length, vectorizer.size, { l2: config.l2, lbfgs: config.lbfgs });
  return { labels: [...MODEL_LABELS], vectorizer, linear };
}

export function trainPipeline(texts: string[], labels: ModelLabel[], config: PipelineConfig = DEFAULT_PIPELINE): TrainedPipeline {
  return trainFromFeatures(
    texts.map((t) => extractFeatures(t, config.features)),
    labels,
    config,
  );
}

export function probaFromFeatures(model: TrainedPipeline, doc: string[]): Float64Array {
  return predictProba(model.linear, model.vectorizer.transform(doc));
}

export function probaForText(model: TrainedPipeline, text: string): Float64Array {
  return probaFromFeatures(model, extractFeatures(text, model.vectorizer.state.features));
}

export type { VectorizerState };
