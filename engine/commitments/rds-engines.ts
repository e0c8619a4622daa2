/**
 * RDS database engines by `lineItem/Operation` (AWS price list `operation` attribute:
 * `CreateDBInstance:NNNN`), and which of them AWS makes size flexible.
 *
 * AWS, "Reserved DB instances for Amazon RDS", section "Size-flexible reserved DB instances":
 * "Size-flexible reserved DB instances are available for the following Amazon RDS database engines:
 * MariaDB, MySQL, Oracle, Bring Your Own License, PostgreSQL"; Aurora's reserved DB instances are
 * size flexible too (Aurora User Guide, "Reserved DB instances for Aurora"). SQL Server and
 * license-included Oracle match "DB instance size" exactly.
 */
interface RdsEngine {
    readonly name: string;
    readonly sizeFlexible: boolean;
}

const ENGINES: ReadonlyMap<string, RdsEngine> = new Map([
    ['CreateDBInstance:0002', { name: 'MySQL', sizeFlexible: true }],
    ['CreateDBInstance:0003', { name: 'Oracle SE1 (BYOL)', sizeFlexible: true }],
    ['CreateDBInstance:0004', { name: 'Oracle SE (BYOL)', sizeFlexible: true }],
    ['CreateDBInstance:0005', { name: 'Oracle EE (BYOL)', sizeFlexible: true }],
    ['CreateDBInstance:0006', { name: 'Oracle SE1 (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0008', { name: 'SQL Server SE (BYOL)', sizeFlexible: false }],
    ['CreateDBInstance:0009', { name: 'SQL Server EE (BYOL)', sizeFlexible: false }],
    ['CreateDBInstance:0010', { name: 'SQL Server Express (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0011', { name: 'SQL Server Web (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0012', { name: 'SQL Server SE (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0014', { name: 'PostgreSQL', sizeFlexible: true }],
    ['CreateDBInstance:0015', { name: 'SQL Server EE (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0016', { name: 'Aurora MySQL', sizeFlexible: true }],
    ['CreateDBInstance:0018', { name: 'MariaDB', sizeFlexible: true }],
    ['CreateDBInstance:0019', { name: 'Oracle SE2 (BYOL)', sizeFlexible: true }],
    ['CreateDBInstance:0020', { name: 'Oracle SE2 (license included)', sizeFlexible: false }],
    ['CreateDBInstance:0021', { name: 'Aurora PostgreSQL', sizeFlexible: true }],
]);

/** The engine of an RDS operation code, or undefined for a code not in the table. */
export function rdsEngineOf(operation: string): string | undefined {
    return ENGINES.get(rdsOperationKey(operation))?.name;
}

/** Whether reservations of this engine apply across sizes of the class family; an unknown engine is not. */
export function isRdsSizeFlexible(operation: string): boolean {
    return ENGINES.get(rdsOperationKey(operation))?.sizeFlexible === true;
}

/** `CreateDBInstance:0016:IO_OPTIMIZED` and the like carry the engine in their first two parts. */
function rdsOperationKey(operation: string): string {
    return operation.split(':').slice(0, 2).join(':');
}
