import { readFileSync, writeFileSync } from 'node:fs';
import { MODEL_LABELS, type ModelLabel } from './labels.ts';
import type { Metrics } from './metrics.ts';
import type { TrainedPipeline } from './pipeline.ts';
import type { LinearModel } from './softmax-regression.ts';
import type { FeatureOptions } from './tokenize.ts';
import { Vectorizer, type VectorizerOptions } from './vectorizer.ts';

export const MODEL_FORMAT = 'bangban-intent/1';

interface QuantizedMatrix {
  /** Int16 little-endian, base64; value = q * scale. Halves the file versus decimal text. */
  q: string;
  scale: number;
  bias: number[];
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  labels: ModelLabel[];
  features: FeatureOptions;
  vectorizer: VectorizerOptions;
  vocab: string[];
  idf: number[];
  linear: QuantizedMatrix;
  nb?: QuantizedMatrix;
  nbWeight: number;
  /** Non-consult predictions below this probability fall back to consult (chosen by CV). */
  fallbackThreshold: number;
  /** Provenance only; not used for scoring. */
  training?: { rows: number; cv?: Metrics; note?: string };
}

export interface LoadedModel {
  pipeline: TrainedPipeline;
  fallbackThreshold: number;
  file: Omit<ModelFile, 'vocab' | 'idf' | 'linear' | 'nb'>;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function quantize(m: LinearModel): QuantizedMatrix {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round((m.weights[i] as number) / scale);
  return { q: Buffer.from(q.buffer).toString('base64'), scale, bias: m.bias.map((b) => round(b, 6)) };
}

function dequantize(m: QuantizedMatrix, classes: number, dim: number): LinearModel {
  const buf = Buffer.from(m.q, 'base64');
  const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  if (q.length !== classes * dim) throw new Error(`model weights: expected ${classes * dim} values, got ${q.length}`);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = (q[i] as number) * m.scale;
  return { classes, dim, weights, bias: m.bias };
}

export function toModelFile(p: TrainedPipeline, fallbackThreshold: number, training?: ModelFile['training']): ModelFile {
  return {
    format: MODEL_FORMAT,
    labels: p.labels,
    features: p.vectorizer.state.features,
    vectorizer: p.vectorizer.state.options,
    vocab: p.vectorizer.state.vocab,
    idf: p.vectorizer.state.idf.map((v) => round(v, 4)),
    linear: quantize(p.linear),
    ...(p.nb ? { nb: quantize(p.nb) } : {}),
    nbWeight: p.nbWeight,
    fallbackThreshold,
    ...(training ? { training } : {}),
  };
}

export function fromModelFile(file: ModelFile): LoadedModel {
  if (file.format !== MODEL_FORMAT) throw new Error(`unsupported intent model format: ${String(file.format)}`);
  if (file.labels.join() !== MODEL_LABELS.join()) throw new Error(`model labels ${file.labels.join()} differ from ${MODEL_LABELS.join()}`);
  const dim = file.vocab.length;
  const K = file.labels.length;
  const vectorizer = new Vectorizer({ features: file.features, options: file.vectorizer, vocab: file.vocab, idf: file.idf });
  const nb = file.nb ? dequantize(file.nb, K, dim) : undefined;
  const pipeline: TrainedPipeline = { labels: file.labels, vectorizer, linear: dequantize(file.linear, K, dim), ...(nb ? { nb } : {}), nbWeight: file.nbWeight };
  const { vocab: _v, idf: _i, linear: _l, nb: _n, ...meta } = file;
  return { pipeline, fallbackThreshold: file.fallbackThreshold, file: meta };
}

export function writeModelFile(path: string, file: ModelFile): number {
  const json = JSON.stringify(file);
  writeFileSync(path, json + '\n');
  return Buffer.byteLength(json) + 1;
}

export function readModelFile(path: string): LoadedModel {
  return fromModelFile(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
}
