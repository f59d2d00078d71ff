// What it takes to build the same Engine in another thread: the rules run() selected (by id,
// with the severity the configuration gave them), the configuration's custom rules and
// placeholders, and the engine options. Plain data, so that it can be posted to a worker.
import { RULES } from '../../rules/index.js';
import { buildCustomRule, type CustomRuleSpec } from '../config/custom-rules.js';
import { compileUserRegex } from '../config/user-regex.js';
import { addPlaceholderValues } from '../detect/placeholders.js';
import type { Mode, Rule, Severity } from '../types.js';
import { Engine } from './engine.js';

export interface EngineSpec {
  rules: { id: string; severity: Severity }[];
  customRules: CustomRuleSpec[];
  placeholders: string[];
  options: { redact: boolean; mode?: Mode; foreignIgnores: boolean; allowValues: string[] };
}

export function engineFromSpec(spec: EngineSpec): Engine {
  addPlaceholderValues(spec.placeholders);
  const all = new Map<string, Rule>([...RULES, ...spec.customRules.map(buildCustomRule)].map((r) => [r.id, r]));
  const rules = spec.rules.map(({ id, severity }) => {
    const rule = all.get(id);
    if (!rule) throw new Error(`scan worker: unknown rule ${id}`);
    return rule.severity === severity ? rule : { ...rule, severity };
  });
  return new Engine(rules, { ...spec.options, allowValues: spec.options.allowValues.map((v) => compileUserRegex(v)) });
}
