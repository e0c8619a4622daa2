import type { LangiumDocument } from 'langium';
import type { DataVocabulary, ValueCount } from '../../engine/cube/data-vocabulary.js';
import type { DataFacts } from './data-checks.js';

/**
 * The facts the data-aware checks ask, answered by a cube's vocabulary, with the one question that needs a priced
 * report (does a group have usage in the period) answered by `groupHasUsage`. The language server and
 * `billing validate --data` both build their facts here, so the editor and CI report the same codes and messages.
 */
export function vocabularyFacts(vocabulary: DataVocabulary, source: string, period: string | undefined, groupHasUsage: DataFacts['groupHasUsage']): DataFacts {
    const values = (counts: ValueCount[]): string[] => counts.map(entry => entry.value);
    return {
        source,
        period,
        hasAccount: id => vocabulary.hasAccount(id),
        hasService: service => vocabulary.hasService(service),
        hasUsageType: usageType => vocabulary.hasUsageType(usageType),
        hasOperation: operation => vocabulary.hasOperation(operation),
        hasBillingEntity: entity => vocabulary.hasBillingEntity(entity),
        matches: fields => vocabulary.matches(fields),
        services: () => values(vocabulary.services()),
        usageTypes: service => values(vocabulary.usageTypes(service)),
        operations: service => values(vocabulary.operations(service)),
        groupHasUsage: (document: LangiumDocument, group: string) => groupHasUsage(document, group),
    };
}
