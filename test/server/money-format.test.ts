import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney, formatSigned, setMoneyLocale } from '../../server/pricing/money-format.js';

/** The editor's money: the data's currency, its minor units, the billing.numberFormat.locale setting. Figures by hand. */
describe('editor money format', () => {
    afterEach(() => setMoneyLocale(null));

    it('writes the data\'s currency with its symbol and minor units', () => {
        expect(formatMoney('1234.565', 'USD')).toBe('$1,234.56'); // 5 after an even 6: stays
        expect(formatMoney('1234.565', 'EUR')).toBe('€1,234.56');
        expect(formatMoney('1234.5', 'JPY')).toBe('¥1,234'); // no minor unit; .5 after an even 4: stays
        expect(formatMoney('1235.5', 'JPY')).toBe('¥1,236');
        expect(formatMoney('99.995', 'CNY')).toBe('CN¥100.00');
        expect(formatSigned('-12.3', 'GBP')).toBe('\u2212£12.30');
        expect(formatSigned('0.004', 'USD')).toBe('±$0.00');
    });

    it('follows the locale the server was started with', () => {
        setMoneyLocale('de-DE');
        // 1234.565 → 1234.56 as above, in German notation; the symbol after the number.
        expect(formatMoney('1234.565', 'EUR').replace(/\s/g, ' ')).toBe('1.234,56 €');
        expect(formatSigned('-1234.565', 'EUR').replace(/\s/g, ' ')).toBe('\u22121.234,56 €');
        setMoneyLocale('en-IN');
        expect(formatMoney('12345678.9', 'INR')).toBe('₹1,23,45,678.90');
    });
});
