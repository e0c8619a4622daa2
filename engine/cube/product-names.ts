/**
 * Readable names of AWS Marketplace products (issue 11). A Marketplace line item's service is an opaque product
 * code (`prod-4dx5bqf7ab2ek`, or a long lowercase alphanumeric code); the data also carries the product's name
 * (CUR 1.0 `product/ProductName`, CUR 2.0 `product_product_name` or the `product` map's `product_name`, FOCUS
 * `ServiceName`). The cube keeps one name per such code (`Cube.productNames`); rules still match by code.
 */

/** The shape of a Marketplace product code: `prod-…`, or 20+ lowercase letters and digits with a digit (AWS service codes have capitals). */
export function isMarketplaceProductCode(code: string): boolean {
    return /^prod-[a-z0-9]+$/.test(code) || (/^[a-z0-9]{20,}$/.test(code) && /[0-9]/.test(code));
}

/** Whether a row's product name is worth keeping for its service code: it differs and the seller is Marketplace or the code is one. */
export function productNameApplies(code: string, billingEntity: string, name: string): boolean {
    return name !== '' && name !== code && code !== '' && (billingEntity === 'AWS Marketplace' || isMarketplaceProductCode(code));
}

/** The `product_name` key of a CUR 2.0 `product` map written as JSON text; '' when absent or unreadable. */
export function productNameOfMap(map: string): string {
    if (!map.includes('product_name')) return '';
    try {
        const value = (JSON.parse(map) as Record<string, unknown>)['product_name'];
        return typeof value === 'string' ? value.trim() : '';
    } catch {
        return '';
    }
}

/** A service as shown to a human: `Name (code)` when the data names it, else the code. Not escaped. */
export function serviceLabel(code: string, name: string | undefined): string {
    return name !== undefined && name !== '' && name !== code ? `${name} (${code})` : code;
}
