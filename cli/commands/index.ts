import type { Command } from '../command.js';
import { billCommand } from './bill.js';
import { checkCommand } from './check.js';
import { closeCommand } from './close.js';
import { diffCommand } from './diff.js';
import { exportCommand } from './export.js';
import { exportConfigCommand } from './export-config.js';
import { generateCommand } from './generate.js';
import { importConfigCommand } from './import-config.js';
import { sqlCommand } from './sql.js';
import { statementCommand } from './statement.js';
import { validateCommand } from './validate.js';

/** Every `billing` command, in the order `billing --help` lists them. Add a command: one file + one line here. */
export const commands: readonly Command[] = [
    validateCommand,
    billCommand,
    checkCommand,
    closeCommand,
    diffCommand,
    exportCommand,
    exportConfigCommand,
    importConfigCommand,
    statementCommand,
    sqlCommand,
    generateCommand,
];
