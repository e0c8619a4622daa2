// Public surface of engine/explain: how a group's figure is made, step by step (the editor's "Explain this figure").
export { explainGroup, type GroupExplanation, type ExplanationStep, type ExplanationStepKind } from './explain-group.js';
