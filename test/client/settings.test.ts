import { describe, expect, it } from 'vitest';
import { initializationOptions, normalizeDataPaths, normalizeNumberLocale, normalizePeriod, readSettings, showsHint, showsRuleHints } from '../../client/settings.js';

describe('extension settings → server initializationOptions', () => {
    it('billing.data.path: string or array; empty means not set', () => {
        expect(normalizeDataPaths('')).toBeNull();
        expect(normalizeDataPaths([])).toBeNull();
        expect(normalizeDataPaths(['  ', ''])).toBeNull();
        expect(normalizeDataPaths(' cur/*.csv ')).toEqual(['cur/*.csv']);
        expect(normalizeDataPaths(['a.csv', 3, 'b/'])).toEqual(['a.csv', 'b/']);
        expect(normalizeDataPaths(undefined)).toBeNull();
    });

    it('billing.period: YYYY-MM or null', () => {
        expect(normalizePeriod('2026-03')).toBe('2026-03');
        expect(normalizePeriod('')).toBeNull();
        expect(normalizePeriod('2026-13')).toBeNull();
        expect(normalizePeriod('March')).toBeNull();
    });

    it('toggles default to on', () => {
        const settings = readSettings(() => undefined);
        expect(settings).toEqual({ dataPaths: null, period: null, codeLensEnabled: true, inlayHintsEnabled: true, ruleHints: 'whenCodeLensOff', numberLocale: null, gitDelta: true });
        expect(readSettings((k) => (k === 'codeLens.enabled' ? false : undefined)).codeLensEnabled).toBe(false);
        expect(readSettings((k) => (k === 'codeLens.changeAgainstGit' ? false : undefined)).gitDelta).toBe(false);
    });

    it('billing.inlayHints.rules: rule hints only where CodeLens is off unless always/never', () => {
        expect(readSettings((k) => (k === 'inlayHints.rules' ? 'always' : undefined)).ruleHints).toBe('always');
        expect(readSettings((k) => (k === 'inlayHints.rules' ? 'sometimes' : undefined)).ruleHints).toBe('whenCodeLensOff');
        expect(showsRuleHints({ codeLens: true, ruleHints: 'whenCodeLensOff' })).toBe(false);
        expect(showsRuleHints({ codeLens: false, ruleHints: 'whenCodeLensOff' })).toBe(true);
        expect(showsRuleHints({ codeLens: true, ruleHints: 'always' })).toBe(true);
        expect(showsRuleHints({ codeLens: false, ruleHints: 'never' })).toBe(false);
    });

    it('a group\'s figures as an inlay hint only where CodeLens is off; line item and other hints always', () => {
        for (const ruleHints of ['always', 'whenCodeLensOff', 'never'] as const) {
            expect(showsHint('group', { codeLens: true, ruleHints })).toBe(false);
            expect(showsHint('group', { codeLens: false, ruleHints })).toBe(true);
            expect(showsHint(undefined, { codeLens: true, ruleHints })).toBe(true);
            expect(showsHint(undefined, { codeLens: false, ruleHints })).toBe(true);
            expect(showsHint('rule', { codeLens: true, ruleHints })).toBe(showsRuleHints({ codeLens: true, ruleHints }));
        }
    });

    it('a pick from the quick pick wins over the settings; absent picks fall back to them', () => {
        const settings = readSettings((k) => ({ 'data.path': 'cur/', period: '2026-02' } as Record<string, unknown>)[k]);
        expect(initializationOptions(settings, {})).toEqual({ dataPaths: ['cur/'], period: '2026-02', numberLocale: null, gitDelta: true });
        expect(initializationOptions(settings, { dataPaths: ['/x/sample.csv'] })).toEqual({ dataPaths: ['/x/sample.csv'], period: '2026-02', numberLocale: null, gitDelta: true });
        expect(initializationOptions(settings, { period: null })).toEqual({ dataPaths: ['cur/'], period: null, numberLocale: null, gitDelta: true });
    });

    it('billing.numberFormat.locale: a locale, else the editor\'s display language; "plain" for 1,234.56', () => {
        expect(normalizeNumberLocale('de-de', 'en')).toBe('de-DE');
        expect(normalizeNumberLocale('', 'fr')).toBe('fr');
        expect(normalizeNumberLocale('not a locale!', 'ja')).toBe('ja');
        expect(normalizeNumberLocale('plain', 'de')).toBeNull();
        expect(normalizeNumberLocale(undefined, undefined)).toBeNull();
        expect(initializationOptions(readSettings(() => undefined, 'de'), {}).numberLocale).toBe('de');
    });
});
