// Entry point of the `.billing` language server (bundled to out/server.cjs; the extension starts it over stdio or IPC).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startBillingLanguageServer } from './billing-language-server.js';

const connection = createConnection(ProposedFeatures.all);

// A stray rejection must not end the server (Node's default): log it on the connection instead.
process.on('unhandledRejection', reason => {
    connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});

startBillingLanguageServer(connection);
