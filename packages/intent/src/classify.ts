import { fileURLToPath } from 'node:url';
import { MODEL_LABELS, type Intent, type ModelLabel } from './labels.ts';
import { readModelFile, type LoadedModel } from './model-file.ts';
import { probaForText } from './pipeline.ts';
import { replyFor } from './replies.ts';
import { applyRules } from './rules.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../model/intent-model.json', import.meta.url));

export interface IntentResult {
  intent: Intent;
  /** Rule hits are 1; model outputs are the class probability of the returned intent. */
  confidence: number;
  /** Set for everything that is not a consultation: what to tell the citizen instead of retrieval. */
  reply?: string;
  source: 'rule' | 'model' | 'fallback';
  /** Model class probabilities, when the model ran. */
  probabilities?: Record<ModelLabel, number>;
  /** Phrase that fired a rule. */
  matched?: string;
}

export interface ClassifyOptions {
  /** Override the model's CV-chosen fallback threshold (0 disables the fallback). */
  fallbackThreshold?: number;
}

export class IntentClassifier {
  constructor(readonly model: LoadedModel) {}

  classify(text: string, opts: ClassifyOptions = {}): IntentResult {
    if (!text.trim()) return withReply({ intent: 'greeting', confidence: 1, source: 'rule', matched: '' });
    const hit = applyRules(text);
    if (hit) return withReply({ intent: hit.intent, confidence: 1, source: 'rule', matched: hit.matched });
    const p = probaForText(this.model.pipeline, text);
    const probabilities = Object.fromEntries(MODEL_LABELS.map((l, k) => [l, p[k] as number])) as Record<ModelLabel, number>;
    let best = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
    const label = MODEL_LABELS[best] as ModelLabel;
    const threshold = opts.fallbackThreshold ?? this.model.fallbackThreshold;
    // Turning a citizen away costs more than answering a grievance as a question, so an unsure
    // complaint/suggestion verdict becomes a consultation.
    if (label !== 'consult' && (p[best] as number) < threshold) {
      return { intent: 'consult', confidence: probabilities.consult, source: 'fallback', probabilities };
    }
    return withReply({ intent: label, confidence: p[best] as number, source: 'model', probabilities });
  }
}

function withReply(r: IntentResult): IntentResult {
  const reply = replyFor(r.intent);
  return reply ? { ...r, reply } : r;
}

/** Collapse an intent onto the three labels of the training data, for evaluation. */
export function toDataLabel(intent: Intent): ModelLabel {
  if (intent === 'legal') return 'complaint';
  if (intent === 'greeting' || intent === 'thanks' || intent === 'goodbye') return 'consult';
  return intent;
}

const cache = new Map<string, IntentClassifier>();

/** Loads (and caches per path) the shipped model; synchronous, offline, ~0.3 s the first time. */
export function loadIntentModel(path: string = DEFAULT_MODEL_PATH): IntentClassifier {
  let c = cache.get(path);
  if (!c) {
    c = new IntentClassifier(readModelFile(path));
    cache.set(path, c);
  }
  return c;
}

/** Classify with the default shipped model (loaded on first call). */
export function classifyIntent(text: string, opts?: ClassifyOptions): IntentResult {
  return loadIntentModel().classify(text, opts);
}
