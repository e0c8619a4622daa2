// Entry point of the `.billing` language server (bundled to out/server.cjs; the extension starts it over stdio or IPC).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node.js';
import { startBillingLanguageServer } from './billing-language-server.js';
import { FramingGuard } from './framing-guard.js';

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

// A stray rejection must not end the server (Node's default): log it on the connection instead.
process.on('unhandledRejection', reason => {
    connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});

startBillingLanguageServer(connection);

/**
 * Over stdio the client's bytes pass a framing check first: a missing, malformed or huge Content-Length would leave
 * the server alive but deaf, so it exits instead (status 1) and the client restarts it.
 */
function stdioConnection() {
    const guard = new FramingGuard();
    guard.on('error', error => {
        process.stderr.write(`billing language server: ${error.message}; exiting so that the client restarts it\n`);
        process.exit(1);
    });
    process.stdin.pipe(guard);
    process.stdin.on('end', () => guard.end());
    return createConnection(ProposedFeatures.all, new StreamMessageReader(guard), new StreamMessageWriter(process.stdout));
}
