import { AstUtils, DefaultLexerErrorMessageProvider, GrammarAST, LangiumParserErrorMessageProvider } from 'langium';
import { Issues } from './issue-codes.js';

/*
 * Lexer and parser error messages in the words of the language (Chevrotain's defaults list token
 * types, e.g. "one of these possible Token sequences: 1. [NUMBER] 2. [ID] … 24. [STRING]").
 */

type MismatchOptions = Parameters<LangiumParserErrorMessageProvider['buildMismatchTokenMessage']>[0];
type NotAllInputOptions = Parameters<LangiumParserErrorMessageProvider['buildNotAllInputParsedMessage']>[0];
type NoViableAltOptions = Parameters<LangiumParserErrorMessageProvider['buildNoViableAltMessage']>[0];
type EarlyExitOptions = Parameters<LangiumParserErrorMessageProvider['buildEarlyExitMessage']>[0];
type TokenType = MismatchOptions['expected'];
type Token = MismatchOptions['actual'];

const STATEMENT_STARTS = '`import`, `payer`, `account`, `data`, `rule`, `plan` or `group`';

/** What the parser expects when it is inside one of these grammar rules, in words. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
    Statement: `a statement (${STATEMENT_STARTS})`,
    AccountRef: 'an account (its 12-digit id or its declared name)',
    Modifier: '`markup N%`, `discount N%` or `tiering`',
    GroupMember: '`primary`, `accounts`, `plan`, `auto-associate`, `fee`, `credit` or `}`',
    Charge: 'a charge: `flat AMOUNT` or `N% of charges`',
    Base: '`charges` or the name of a flat line item',
    LineItemOption: 'a line item option (`exclude`, `service`, `account`, `itemized`, `presented-as`, `from`, `until`)',
    Name: 'a name',
    Code: 'a name or a quoted string',
    AccountName: 'a name or a quoted string',
};

export class BillingParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    /** Keywords that may also be used as names: listing them next to "a name" would only be noise. */
    private readonly nameKeywords: ReadonlySet<string>;

    constructor(grammar: GrammarAST.Grammar) {
        super();
        const nameRule = grammar.rules.find(rule => rule.name === 'Name');
        this.nameKeywords = new Set(nameRule ? collectKeywords(nameRule) : []);
    }

    override buildMismatchTokenMessage({ expected, actual }: MismatchOptions): string {
        // At the top level the parser "expects end of file" when no statement starts here.
        if (expected.name === 'EOF') return notAStatement(actual);
        return `expected ${describeTokenType(expected)}, found ${describeToken(actual)}`;
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: NotAllInputOptions): string {
        return notAStatement(firstRedundant);
    }

    override buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }: NoViableAltOptions): string {
        const firsts = expectedPathsPerAlt.flat().map(path => path[0]).filter((t): t is TokenType => t !== undefined);
        return `expected ${this.describeExpectation(ruleName, firsts)}, found ${describeToken(actual[0])}`;
    }

    override buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }: EarlyExitOptions): string {
        const firsts = expectedIterationPaths.map(path => path[0]).filter((t): t is TokenType => t !== undefined);
        return `expected at least one ${this.describeExpectation(ruleName, firsts)}, found ${describeToken(actual[0])}`;
    }

    private describeExpectation(ruleName: string, firsts: readonly TokenType[]): string {
        // Langium suffixes rule names with an invisible marker (U+200B): compare the letters only.
        const known = RULE_EXPECTATIONS[ruleName.replace(/[^A-Za-z0-9_]/g, '')];
        if (known) return known;
        const names = [...new Set(firsts.map(t => t.name))];
        const hasName = names.includes('ID');
        const kept = names.filter(name => !(hasName && this.nameKeywords.has(name)));
        return joinAlternatives(kept.map(describeTokenName));
    }
}

export class BillingLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + length);
        return Issues.lexingError.message(text);
    }
}

function notAStatement(token: Token): string {
    return `unexpected ${describeToken(token)}: a statement starts with ${STATEMENT_STARTS}` +
        ' (is a `}` missing or one too many?)';
}

function collectKeywords(rule: GrammarAST.AbstractRule): string[] {
    const keywords: string[] = [];
    for (const node of AstUtils.streamAllContents(rule)) {
        if (GrammarAST.isKeyword(node)) keywords.push(node.value);
    }
    return keywords;
}

function describeTokenName(name: string): string {
    switch (name) {
        case 'NUMBER': return 'a number';
        case 'ID': return 'a name';
        case 'STRING': return 'a quoted string';
        case 'PERIOD': return 'a billing period (YYYY-MM)';
        case 'EOF': return 'end of file';
        default: return `'${name}'`;
    }
}

function describeTokenType(type: TokenType): string {
    return describeTokenName(type.name);
}

function describeToken(token: Token | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === '') return 'end of file';
    return `'${token.image}'`;
}

function joinAlternatives(items: readonly string[]): string {
    if (items.length === 0) return 'something else';
    if (items.length === 1) return items[0];
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
