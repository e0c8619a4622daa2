#!/usr/bin/env node
// Bench lines (printed, not timed tests) for issue 18 item 8: `billing validate` of a 1,000-file MSP policy, goal
// ≤ 2 s of validation: `hub`, a shared rate card imported by 999 customer files (the usual layout), and `chain`, the
// same files each also importing the previous customer (a chain as deep as the policy). Run after `npm run build`:
//
//   npm run bench:imports [-- [FILES] [--runs N] [--against OTHER/bin/billing.cjs] [--save FILE] [--baseline FILE]]
//
// Prints the machine load before and after, and per shape the median wall time of N runs (default 5) of this
// checkout's CLI and the median CPU time of the CLI process (user + system, all its threads: on a loaded machine wall
// time also counts waiting for a core, CPU time does not). A ratio needs a baseline: `--against` runs another build's CLI (say main's) on the same files in the
// same run, interleaved run by run, so both see the same load; `--save FILE` keeps the medians of this run as JSON and
// `--baseline FILE` compares with such a file (saved from main: `node scripts/bench-imports.mjs --cli
// /path/to/main/bin/billing.cjs --save main.json`; that ratio is across runs, so compare the loads printed too).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = parseOptions(process.argv.slice(2));
let reporter; // the CPU-time preload (cpuReporter), written once
const load = () => loadavg().map(value => value.toFixed(2)).join(' ');
console.log(`machine load (1/5/15 min) before: ${load()}; ${options.runs} runs per shape, median`);
const saved = {};
const baseline = options.baseline ? JSON.parse(readFileSync(options.baseline, 'utf8')) : undefined;
for (const shape of ['hub', 'chain']) saved[shape] = bench(shape);
console.log(`machine load (1/5/15 min) after: ${load()}`);
if (options.save) {
    writeFileSync(options.save, `${JSON.stringify({ files: options.files, runs: options.runs, cli: options.cli, load: loadavg(), ...saved }, null, 2)}\n`);
    console.log(`medians saved to ${options.save}`);
}

function bench(shape) {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-bench-imports-'));
    try {
        writePolicy(dir, shape, options.files);
        const startup = median(Array.from({ length: options.runs }, () => time(() => execFileSync(process.execPath, [options.cli, '--version'], { stdio: 'ignore' }))));
        const ours = [];
        const theirs = [];
        for (let run = 0; run < options.runs; run++) {
            ours.push(measure(options.cli, dir));
            if (options.against) theirs.push(measure(options.against, dir));
        }
        const wall = median(ours.map(run => run.wall));
        const cpu = median(ours.map(run => run.cpu));
        let line = `import graph, ${shape}: ${options.files} files: validate ${seconds(wall)} s wall, ${seconds(cpu)} s CPU (medians of ${options.runs}; walls ${ours.map(run => seconds(run.wall)).join(', ')}), CLI start-up ${seconds(startup)} s included (goal ≤ 2 s)`;
        if (options.against) {
            const otherWall = median(theirs.map(run => run.wall));
            const otherCpu = median(theirs.map(run => run.cpu));
            line += `\n  baseline ${options.against}, same run, interleaved: ${seconds(otherWall)} s wall, ${seconds(otherCpu)} s CPU; baseline / this: wall ${(otherWall / wall).toFixed(2)}, CPU ${(otherCpu / cpu).toFixed(2)}`;
        }
        const before = baseline?.[shape];
        if (before !== undefined) {
            line += `\n  baseline file ${options.baseline} (load then ${baseline.load.map(value => value.toFixed(2)).join(' ')}): ${seconds(before.wall)} s wall, ${seconds(before.cpu)} s CPU; baseline / this: wall ${(before.wall / wall).toFixed(2)}, CPU ${(before.cpu / cpu).toFixed(2)}`;
        }
        console.log(line);
        return { wall, cpu };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The MSP policy: a rate card and FILES − 1 customers importing it (and, for `chain`, the previous customer). */
function writePolicy(dir, shape, files) {
    writeFileSync(path.join(dir, 'rates.billing'), 'rule standard { markup 7% }\nplan standard { rules standard }\n');
    for (let i = 1; i < files; i++) {
        const id = String(100000000000 + i);
        const previous = shape === 'chain' && i > 1 ? `import "customer-${i - 1}.billing"\n` : '';
        writeFileSync(path.join(dir, `customer-${i}.billing`),
            `import "rates.billing"\n${previous}account ${id} "customer-${i}"\ngroup customer-${i} { primary ${id} accounts ${id} plan standard }\n`);
    }
}

/** One `billing validate` of the folder: wall time here, CPU time of the CLI process as it reports it at exit. */
function measure(cli, dir) {
    const cpuFile = path.join(dir, '.cpu.json');
    const started = performance.now();
    try {
        execFileSync(process.execPath, ['--require', cpuReporter(), cli, 'validate', dir, '--format', 'json'],
            { stdio: 'ignore', maxBuffer: 1 << 30, env: { ...process.env, BENCH_IMPORTS_CPU_FILE: cpuFile } });
    } catch (error) {
        if (error.status !== 1) throw error;
    }
    const wall = performance.now() - started;
    const { user, system } = JSON.parse(readFileSync(cpuFile, 'utf8'));
    rmSync(cpuFile);
    return { wall, cpu: (user + system) / 1000 };
}

/** A preload that writes the process's CPU time (µs, every thread) to $BENCH_IMPORTS_CPU_FILE when it exits. */
function cpuReporter() {
    if (!reporter) {
        reporter = path.join(mkdtempSync(path.join(tmpdir(), 'billing-bench-cpu-')), 'cpu-reporter.cjs');
        writeFileSync(reporter, "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_IMPORTS_CPU_FILE, JSON.stringify(process.cpuUsage())));\n");
        process.on('exit', () => rmSync(path.dirname(reporter), { recursive: true, force: true }));
    }
    return reporter;
}

function parseOptions(args) {
    const parsed = { files: 1000, runs: 5, cli: path.join(root, 'bin', 'billing.cjs'), against: undefined, save: undefined, baseline: undefined };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const value = () => {
            const next = args[++i];
            if (next === undefined) fail(`${arg} needs a value`);
            return next;
        };
        if (arg === '--runs') parsed.runs = positive(value(), arg);
        else if (arg === '--files') parsed.files = positive(value(), arg);
        else if (arg === '--cli') parsed.cli = path.resolve(value());
        else if (arg === '--against') parsed.against = path.resolve(value());
        else if (arg === '--save') parsed.save = path.resolve(value());
        else if (arg === '--baseline') parsed.baseline = path.resolve(value());
        else if (/^[0-9]+$/.test(arg)) parsed.files = positive(arg, 'FILES');
        else fail(`unknown argument ${arg} (expected [FILES] [--runs N] [--cli PATH] [--against PATH] [--save FILE] [--baseline FILE])`);
    }
    if (parsed.files < 2) fail('FILES: expected at least 2 (the rate card and a customer)');
    return parsed;
}

function positive(text, name) {
    const number = Number(text);
    if (!Number.isInteger(number) || number < 1) fail(`${name}: expected a positive whole number, got ${JSON.stringify(text)}`);
    return number;
}

function fail(message) {
    console.error(`bench-imports: ${message}`);
    process.exit(2);
}

function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function seconds(ms) {
    return (ms / 1000).toFixed(2);
}

function time(run) {
    const started = performance.now();
    run();
    return performance.now() - started;
}
