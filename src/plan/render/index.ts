/** Plan renderers by `--format` name. JSON is the saved-plan format `apply --plan` reads. */
import type { Plan } from '../model.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export function renderPlan(plan: Plan, format: PlanFormat): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(plan) : renderText(plan);
}
