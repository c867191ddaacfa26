import { MODEL_LABELS, type ModelLabel } from './labels.ts';
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './tokenize.ts';
import { Vectorizer, type VectorizerOptions, type VectorizerState } from './vectorizer.ts';
import { DEFAULT_LBFGS, type LbfgsOptions } from './lbfgs.ts';
import { scores, softmaxInPlace, trainSoftmax, type LinearModel } from './softmax-regression.ts';
import { trainNaiveBayes } from './naive-bayes.ts';
import { trainNbLogistic } from './nb-logistic.ts';
import type { SparseVec } from './vectorizer.ts';

export interface PipelineConfig {
  features: FeatureOptions;
  vectorizer: VectorizerOptions;
  /**
   * 'softmax': multinomial logistic regression. 'nb-logistic': one-vs-rest logistic regressions on
   * naive-Bayes log-count-ratio scaled features (NBSVM-style), folded into one linear model.
   */
  learner: 'softmax' | 'nb-logistic';
  l2: number;
  lbfgs: LbfgsOptions;
  /** Weight of naive-Bayes log-likelihoods added to the logistic-regression scores; 0 disables NB. */
  nbWeight: number;
  /** Smoothing of the naive-Bayes counts (both the NB blend and the nb-logistic ratios). */
  nbAlpha: number;
}

export const DEFAULT_PIPELINE: PipelineConfig = {
  features: DEFAULT_FEATURES,
  vectorizer: { minDf: 2, sublinearTf: true, useIdf: true },
  learner: 'softmax',
  l2: 1e-4,
  lbfgs: DEFAULT_LBFGS,
  nbWeight: 0,
  nbAlpha: 0.1,
};

/** Everything needed to score a message; this is what the model file serialises. */
export interface TrainedPipeline {
  labels: ModelLabel[];
  vectorizer: Vectorizer;
  linear: LinearModel;
  nb?: LinearModel;
  nbWeight: number;
}

/** Train from pre-extracted feature lists so cross-validation can reuse one tokenisation pass. */
export function trainFromFeatures(docs: string[][], labels: ModelLabel[], config: PipelineConfig): TrainedPipeline {
  const vectorizer = Vectorizer.fit(docs, config.features, config.vectorizer);
  const X = docs.map((d) => vectorizer.transform(d));
  const y = labels.map((l) => MODEL_LABELS.indexOf(l));
  const K = MODEL_LABELS.length;
  const linear =
    config.learner === 'nb-logistic'
      ? trainNbLogistic(X, y, K, vectorizer.size, { l2: config.l2, alpha: config.nbAlpha, lbfgs: config.lbfgs })
      : trainSoftmax(X, y, K, vectorizer.size, { l2: config.l2, lbfgs: config.lbfgs });
  const nb = config.nbWeight > 0 ? trainNaiveBayes(X, y, K, vectorizer.size, config.nbAlpha) : undefined;
  return { labels: [...MODEL_LABELS], vectorizer, linear, ...(nb ? { nb } : {}), nbWeight: config.nbWeight };
}

export function trainPipeline(texts: string[], labels: ModelLabel[], config: PipelineConfig = DEFAULT_PIPELINE): TrainedPipeline {
  return trainFromFeatures(
    texts.map((t) => extractFeatures(t, config.features)),
    labels,
    config,
  );
}

/** Log-linear blend: softmax(z_lr + w * z_nb). With w = 0 this is plain logistic regression. */
export function probaFromVector(model: TrainedPipeline, x: SparseVec, nbWeight = model.nbWeight): Float64Array {
  const z = scores(model.linear, x);
  if (model.nb && nbWeight > 0) {
    const zn = scores(model.nb, x);
    for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) + nbWeight * (zn[k] as number);
  }
  return softmaxInPlace(z);
}

export function probaFromFeatures(model: TrainedPipeline, doc: string[]): Float64Array {
  return probaFromVector(model, model.vectorizer.transform(doc));
}

export function probaForText(model: TrainedPipeline, text: string): Float64Array {
  return probaFromFeatures(model, extractFeatures(text, model.vectorizer.state.features));
}

export type { VectorizerState };
