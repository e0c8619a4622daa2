import type { LangiumCoreServices, Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import { BillingDocumentValidator } from './billing-document-validator.js';
import { BillingLexerErrorMessageProvider, BillingParserErrorMessageProvider } from './syntax-messages.js';

/**
 * Service overrides for diagnostics: catalogue codes for lexer, parser and linker errors, and syntax
 * error messages in the words of the language instead of token type names.
 */
export const BillingValidationModule: Module<LangiumCoreServices, PartialLangiumServices> = {
    validation: {
        DocumentValidator: services => new BillingDocumentValidator(services),
    },
    parser: {
        ParserErrorMessageProvider: services => new BillingParserErrorMessageProvider(services.Grammar),
        LexerErrorMessageProvider: () => new BillingLexerErrorMessageProvider(),
    },
};
