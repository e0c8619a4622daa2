/**
 * FOCUS rows carry no CUR line item type and no billing entity; the cube needs both, so they are
 * derived here (the same functions serve the fast ingest and `streamRows`).
 *
 * Line item type (FOCUS ChargeCategory × CommitmentDiscountStatus × CommitmentDiscountType ×
 * ChargeFrequency → CUR `lineItem/LineItemType`), the inverse of the FinOps Foundation converter:
 *
 * | ChargeCategory       | CommitmentDiscountStatus | CommitmentDiscountType | ChargeFrequency  | CUR line item type        |
 * |----------------------|--------------------------|------------------------|------------------|---------------------------|
 * | Usage                | Used                     | Reserved… / RI         | any              | DiscountedUsage           |
 * | Usage                | Used                     | Savings Plan           | any              | SavingsPlanCoveredUsage   |
 * | Usage                | Unused                   | Reserved… / RI         | any              | RIFee (unused RI hours)   |
 * | Usage                | Unused                   | Savings Plan           | any              | SavingsPlanRecurringFee (unused commitment) |
 * | Usage                | none / other             | none / other           | any              | Usage                     |
 * | Purchase             | any                      | Reserved… / RI         | One-Time         | Fee (RI upfront)          |
 * | Purchase             | any                      | Reserved… / RI         | otherwise        | RIFee                     |
 * | Purchase             | any                      | Savings Plan           | One-Time         | SavingsPlanUpfrontFee     |
 * | Purchase             | any                      | Savings Plan           | otherwise        | SavingsPlanRecurringFee   |
 * | Purchase             | any                      | none                   | any              | Fee                       |
 * | Tax                  |                          |                        |                  | Tax                       |
 * | Credit               |                          |                        |                  | Credit                    |
 * | Adjustment, Refund   |                          |                        |                  | Refund                    |
 * | anything else        |                          |                        |                  | the ChargeCategory as is  |
 *
 * Billing entity: FOCUS has no `bill/BillingEntity`. An AWS row (ProviderName `AWS` or `Amazon Web
 * Services…`) whose PublisherName is another company is a Marketplace resale → `AWS Marketplace`;
 * an AWS row invoiced by Amazon Internet Services (India) → `AISPL`; other AWS rows → `AWS`. Rows of
 * other providers (the FOCUS sample also holds Microsoft and Oracle rows) keep their ProviderName;
 * with no ProviderName at all the entity is `AWS`.
 */

export function focusLineItemType(chargeCategory: string, commitmentStatus: string, commitmentType: string, chargeFrequency: string): string {
    const category = chargeCategory.trim().toLowerCase();
    const commitment = commitmentKind(commitmentType);
    switch (category) {
        case 'usage': {
            const status = commitmentStatus.trim().toLowerCase();
            if (commitment === 'ri') return status === 'unused' ? 'RIFee' : status === 'used' ? 'DiscountedUsage' : 'Usage';
            if (commitment === 'sp') return status === 'unused' ? 'SavingsPlanRecurringFee' : status === 'used' ? 'SavingsPlanCoveredUsage' : 'Usage';
            return 'Usage';
        }
        case 'purchase': {
            const oneTime = chargeFrequency.trim().toLowerCase() === 'one-time';
            if (commitment === 'ri') return oneTime ? 'Fee' : 'RIFee';
            if (commitment === 'sp') return oneTime ? 'SavingsPlanUpfrontFee' : 'SavingsPlanRecurringFee';
            return 'Fee';
        }
        case 'tax': return 'Tax';
        case 'credit': return 'Credit';
        case 'adjustment':
        case 'refund': return 'Refund';
        default: return chargeCategory.trim();
    }
}

function commitmentKind(commitmentType: string): 'ri' | 'sp' | '' {
    const type = commitmentType.trim().toLowerCase();
    if (type === '') return '';
    if (type.includes('savings')) return 'sp';
    if (type.includes('reserv') || type === 'ri') return 'ri';
    return '';
}

export function focusBillingEntity(providerName: string, publisherName: string, invoiceIssuerName: string): string {
    const provider = providerName.trim();
    if (provider !== '' && !isAws(provider)) return provider;
    const publisher = publisherName.trim();
    if (publisher !== '' && !isAws(publisher)) return 'AWS Marketplace';
    if (invoiceIssuerName.toLowerCase().includes('amazon internet services')) return 'AISPL';
    return 'AWS';
}

function isAws(name: string): boolean {
    const n = name.toLowerCase();
    return n === 'aws' || n.startsWith('aws ') || n.startsWith('amazon web services') || n.startsWith('amazon internet services');
}

/**
 * The account field of an ARN (`arn:partition:service:region:account:resource`) when it is all
 * digits, else ''. Commitment ARNs name the account that owns the RI or Savings Plan.
 */
export function arnAccount(arn: string): string {
    let start = 0;
    for (let k = 0; k < 4; k++) {
        start = arn.indexOf(':', start) + 1;
        if (start === 0) return '';
    }
    const end = arn.indexOf(':', start);
    if (end < 0) return '';
    const account = arn.slice(start, end);
    return /^\d+$/.test(account) && arn.startsWith('arn:') ? account : '';
}

/** `YYYY-MM` of an ISO date or timestamp (`2026-01-01T00:00:00Z`, `2024-09-01 00:00:00`), or undefined. */
export function periodOf(text: string): string | undefined {
    const t = text.trim();
    return /^\d{4}-(0[1-9]|1[0-2])/.test(t) ? t.slice(0, 7) : undefined;
}
