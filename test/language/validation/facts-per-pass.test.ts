/**
 * The data checks ask their facts once per document per validation pass, not once per checked node (issue 15: on a
 * 5,000-group policy, per-node asking was most of an edit's time in the language server).
 */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createBillingServices } from '../../../language/billing-module.js';
import type { Policy } from '../../../language/generated/ast.js';
import { DATA_VALIDATION_CATEGORY, registerDataChecks } from '../../../language/validation/index.js';

const POLICY = `rule markup { markup 5% }
plan standard { rules markup }
group a {
  primary 111111111111
  accounts 111111111111, 222222222222
  plan standard
}
group b {
  primary 333333333333
  accounts 333333333333, 444444444444
  plan standard
}
group c {
  primary 555555555555
  accounts 555555555555
  plan standard
}
`;

describe('data checks', () => {
    it('ask the facts once per document per validation pass', async () => {
        const services = createBillingServices(EmptyFileSystem).Billing;
        const asked: LangiumDocument[] = [];
        registerDataChecks(services, document => {
            asked.push(document);
            return undefined;
        });
        const document = await parseHelper<Policy>(services)(POLICY, { documentUri: 'file:///facts/policy.billing' });
        const validator = services.validation.DocumentValidator;
        await validator.validateDocument(document, { categories: ['built-in', DATA_VALIDATION_CATEGORY] });
        // Three groups, a rule and five account references are checked: one question for all of them.
        expect(asked).toEqual([document]);
        // A later pass (the data loaded, another period) asks again.
        await validator.validateDocument(document, { categories: ['built-in', DATA_VALIDATION_CATEGORY] });
        expect(asked).toEqual([document, document]);
    });
});
