import type { CubeKey } from '../cube/types.js';
import { ingestError } from './errors.js';
import { decimalOfText } from './scaled-decimal.js';
import { arnAccount, focusBillingEntity, focusLineItemType, periodOf } from './focus-mapping.js';
import { Field, type ColumnMapping } from './formats.js';

/**
 * The cube key and raw measures of one row given as strings — the row-level twin of the byte-level
 * CubeRowSink (same rules; a test checks that both agree on whole files). Used by `streamRows`.
 */

export interface RowValues {
    readonly key: CubeKey;
    /** Account name when the format has one ('' otherwise). */
    readonly accountName: string;
    /** Raw texts of the measures ('' when empty or absent; FOCUS "NULL" reads as ''). */
    readonly unblendedCost: string;
    /** Undefined when the file has no public on-demand cost column. */
    readonly publicOnDemandCost: string | undefined;
    readonly usageAmount: string;
}

export function rowValues(mapping: ColumnMapping, fields: readonly string[], where: { file: string; row: number; line: number }): RowValues {
    const focus = mapping.format === 'focus';
    const get = (f: Field): string => {
        const column = mapping.fieldColumn[f];
        if (column < 0) return '';
        const value = fields[column];
        return focus && value === 'NULL' ? '' : value;
    };
    const periodText = get(Field.Period);
    const period = periodOf(periodText);
    if (period === undefined || periodText.slice(0, 7) !== period) {
        throw ingestError('INVALID_PERIOD', `${JSON.stringify(periodText)} is not an ISO date YYYY-MM-DD…`, {
            ...where, column: mapping.fieldName[Field.Period], expected: 'an ISO date YYYY-MM-DD…', found: periodText,
        });
    }
    let service: string;
    let lineItemType: string;
    let billingEntity: string;
    if (focus) {
        service = get(Field.Service) !== '' ? get(Field.Service) : get(Field.ServiceFallback);
        lineItemType = focusLineItemType(get(Field.ChargeCategory), get(Field.CommitmentStatus), get(Field.CommitmentType), get(Field.ChargeFrequency));
        billingEntity = focusBillingEntity(get(Field.ProviderName), get(Field.PublisherName), get(Field.InvoiceIssuer));
    } else {
        service = get(Field.Service);
        lineItemType = get(Field.LineItemType);
        billingEntity = mapping.fieldColumn[Field.BillingEntity] >= 0 ? get(Field.BillingEntity) : 'AWS';
    }
    const usage = get(Field.UsageAmount);
    return {
        key: {
            period, accountId: get(Field.Account), service, usageType: get(Field.UsageType), operation: get(Field.Operation),
            lineItemType, billingEntity, currency: get(Field.Currency),
            commitmentOwnerId: arnAccount(get(Field.ReservationArn)) || arnAccount(get(Field.SavingsPlanArn)),
        },
        accountName: get(Field.AccountName),
        unblendedCost: get(Field.UnblendedCost),
        publicOnDemandCost: mapping.hasPublicCost ? publicCostOf(focus, get) : undefined,
        usageAmount: usage !== '' ? usage : get(Field.UsageAmountFallback),
    };
}

/** The row's public cost as written; a FOCUS row without ListCost: ListUnitPrice × PricingQuantity when both are there. */
function publicCostOf(focus: boolean, get: (field: Field) => string): string {
    const listCost = get(Field.PublicCost);
    if (!focus || listCost !== '') return listCost;
    const unitPrice = get(Field.ListUnitPrice);
    const quantity = get(Field.UsageAmountFallback);
    return unitPrice === '' || quantity === '' ? '' : decimalOfText(unitPrice).times(decimalOfText(quantity)).toFixed();
}
