// Preloaded (NODE_OPTIONS=--require …) into the CLI and the language server by no-network.test.ts: every way
// to reach the network, or to start another program, is recorded in $BILLING_NETWORK_LOG (one JSON line per
// attempt) and then fails. The test asserts the log stays empty.
'use strict';
const fs = require('node:fs');

const logFile = process.env.BILLING_NETWORK_LOG;
function attempt(api, detail) {
    const line = JSON.stringify({ api, detail: String(detail ?? '').slice(0, 200), pid: process.pid }) + '\n';
    if (logFile) fs.appendFileSync(logFile, line);
    throw new Error(`network access blocked by the test preload: ${api}`);
}
const describe = (args) => {
    const first = args[0];
    if (typeof first === 'string') return first;
    if (first && typeof first === 'object') return first.href ?? first.host ?? first.hostname ?? first.path ?? JSON.stringify(first).slice(0, 200);
    return String(first);
};
function patch(object, names, api) {
    for (const name of names) {
        if (typeof object[name] !== 'function') continue;
        object[name] = function blocked(...args) { return attempt(`${api}.${name}`, describe(args)); };
    }
}

const net = require('node:net');
patch(net, ['connect', 'createConnection'], 'net');
net.Socket.prototype.connect = function blocked(...args) { return attempt('net.Socket.connect', describe(args)); };
patch(require('node:tls'), ['connect'], 'tls');
patch(require('node:http'), ['request', 'get'], 'http');
patch(require('node:https'), ['request', 'get'], 'https');
patch(require('node:http2'), ['connect'], 'http2');
patch(require('node:dgram'), ['createSocket'], 'dgram');
const dns = require('node:dns');
patch(dns, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'], 'dns');
patch(dns.promises, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'], 'dns.promises');
if (typeof globalThis.fetch === 'function') globalThis.fetch = (...args) => Promise.reject(attemptSafe('fetch', describe(args)));
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = function blocked(url) { attempt('WebSocket', url); };
const childProcess = require('node:child_process');
patch(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');

function attemptSafe(api, detail) {
    try {
        attempt(api, detail);
    } catch (error) {
        return error;
    }
    return new Error(api);
}
