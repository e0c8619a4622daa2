import { isNode, LineCounter, parseDocument, type Tags } from 'yaml';

/** An input that names the file and, where the parser knows it, the line of a JSON path. */
export class AbcConfigError extends Error {
    constructor(readonly file: string, readonly line: number | undefined, readonly jsonPath: string, readonly detail: string) {
        super(`${file}${line !== undefined ? `:${line}` : ''}: ${jsonPath ? `${jsonPath}: ` : ''}${detail}`);
    }
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface SourceFile {
    readonly file: string;
    readonly value: Json;
    /** 1-based line of the value at `path`, when known. */
    line(path: readonly (string | number)[]): number | undefined;
    fail(path: readonly (string | number)[], detail: string): never;
}

const INTRINSICS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];

/** CloudFormation's YAML short forms (`!Ref X`, `!GetAtt X.Arn`, `!Sub …`) as their long JSON forms. */
const CFN_TAGS: Tags = [
    { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
    { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
    { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': splitGetAtt(value) }) },
    { tag: '!GetAtt', collection: 'seq', resolve: (value: unknown) => ({ 'Fn::GetAtt': toJson(value) }) },
    ...INTRINSICS.flatMap((name) => (['scalar', 'seq', 'map'] as const).map((kind) => ({
        tag: `!${name}`,
        ...(kind === 'scalar' ? {} : { collection: kind }),
        resolve: (value: unknown) => ({ [`Fn::${name}`]: kind === 'scalar' ? value : toJson(value) }),
    }))),
] as Tags;

function splitGetAtt(value: string): string[] {
    const dot = value.indexOf('.');
    return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function toJson(value: unknown): unknown {
    return isNode(value) ? value.toJSON() : value;
}

/** Reads JSON or YAML (CloudFormation's tags included) keeping the positions of values for error messages. */
export function readSourceFile(file: string, text: string): SourceFile {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { customTags: CFN_TAGS, lineCounter, prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
        const error = document.errors[0]!;
        const line = lineCounter.linePos(error.pos[0]).line;
        throw new AbcConfigError(file, line, '', `not valid JSON or YAML: ${error.message.split('\n')[0]}`);
    }
    const value = document.toJS({ maxAliasCount: 100 }) as Json;
    const line = (path: readonly (string | number)[]): number | undefined => {
        for (let depth = path.length; depth >= 0; depth--) {
            const node = document.getIn(path.slice(0, depth), true);
            if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
        }
        return undefined;
    };
    return { file, value, line, fail: (path, detail) => { throw new AbcConfigError(file, line(path), jsonPath(path), detail); } };
}

/** `$.Resources.Plan.Properties.PricingRuleArns[0]` */
export function jsonPath(path: readonly (string | number)[]): string {
    return path.length === 0 ? '' : `$${path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('')}`;
}

/** Typed reads of a JSON value, failing with the file, line and path of what was expected. */
export class Reader {
    constructor(readonly source: SourceFile) {}
    object(value: Json | undefined, path: readonly (string | number)[]): { [key: string]: Json } {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) this.source.fail(path, `expected an object, found ${describe(value)}`);
        return value as { [key: string]: Json };
    }
    array(value: Json | undefined, path: readonly (string | number)[]): Json[] {
        if (!Array.isArray(value)) this.source.fail(path, `expected a list, found ${describe(value)}`);
        return value;
    }
    string(value: Json | undefined, path: readonly (string | number)[]): string {
        if (typeof value === 'number') return String(value);
        if (typeof value !== 'string' || value === '') this.source.fail(path, `expected a string, found ${describe(value)}`);
        return value;
    }
    optionalString(value: Json | undefined, path: readonly (string | number)[]): string | undefined {
        return value === undefined || value === null ? undefined : this.string(value, path);
    }
    /** A number (or numeric string) as a decimal string, the shortest that reads back as the same double. */
    decimal(value: Json | undefined, path: readonly (string | number)[]): string {
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return String(value).includes('e') ? noExponent(value) : String(value);
        if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return value;
        this.source.fail(path, `expected a number >= 0, found ${describe(value)}`);
    }
    boolean(value: Json | undefined, path: readonly (string | number)[]): boolean {
        if (value === true || value === 'true') return true;
        if (value === false || value === 'false') return false;
        this.source.fail(path, `expected true or false, found ${describe(value)}`);
    }
    oneOf<T extends string>(value: Json | undefined, path: readonly (string | number)[], choices: readonly T[]): T {
        const text = this.string(value, path);
        if (!(choices as readonly string[]).includes(text)) this.source.fail(path, `expected one of ${choices.join(', ')}, found '${text}'`);
        return text as T;
    }
    accountId(value: Json | undefined, path: readonly (string | number)[]): string {
        const text = this.string(value, path);
        if (!/^\d{12}$/.test(text)) this.source.fail(path, `expected a 12-digit account id, found '${text}'`);
        return text;
    }
}

function noExponent(value: number): string {
    return value.toFixed(20).replace(/\.?0+$/, '');
}

export function describe(value: Json | undefined): string {
    if (value === undefined) return 'nothing';
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object') return 'an object';
    return `${typeof value} ${JSON.stringify(value)}`;
}

/** Where a value of the file is, as a finding's origin (line only: columns of YAML values are not kept). */
export function originAt(source: SourceFile, path: readonly (string | number)[]): { origin?: { uri: string; line: number; column: number } } {
    const line = source.line(path);
    return line === undefined ? {} : { origin: { uri: source.file, line, column: 1 } };
}
