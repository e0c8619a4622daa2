import { describe, expect, it } from 'vitest';
import { RowTemplate } from '../../../engine/export/row-template.js';

describe('RowTemplate', () => {
    it('fills its holes between the fixed fields, commas included, whatever the holes\' order', () => {
        const template = new RowTemplate(['a', 'b', 'c', 'd', '"e,f"'], [3, 1]);
        expect(template.holes).toEqual([1, 3]);
        expect(template.line(['X', 'Y'])).toBe('a,X,c,Y,"e,f"');
        // The same template makes each row anew (no text of a previous row is kept).
        expect(template.line(['', ''])).toBe('a,,c,,"e,f"');
    });

    it('holes at both ends, next to each other, and the whole row', () => {
        expect(new RowTemplate(['a', 'b', 'c'], [0, 2]).line(['1', '3'])).toBe('1,b,3');
        expect(new RowTemplate(['a', 'b', 'c', 'd'], [1, 2]).line(['2', '3'])).toBe('a,2,3,d');
        expect(new RowTemplate(['a', 'b'], [0, 1]).line(['x', 'y'])).toBe('x,y');
        expect(new RowTemplate(['only'], [0]).line(['z'])).toBe('z');
    });

    it('without holes (or with holes outside the row, a column the input lacks: -1) is the fixed row', () => {
        const template = new RowTemplate(['a', '', 'c'], [-1, 7]);
        expect(template.holes).toEqual([]);
        expect(template.line([])).toBe('a,,c');
    });
});
