export const MODEL_LABELS = ['consult', 'suggest', 'complaint'] as const;
export type ModelLabel = (typeof MODEL_LABELS)[number];

export type Intent = ModelLabel | 'legal' | 'greeting' | 'thanks' | 'goodbye';

export function isModelLabel(value: unknown): value is ModelLabel {
  return typeof value === 'string' && (MODEL_LABELS as readonly string[]).includes(value);
}
