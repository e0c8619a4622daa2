import type { Cube } from './types.js';

/** The fields of a rule's scope, as a data lookup sees them (absent: any value). */
export interface ScopeFields {
    readonly service?: string;
    readonly billingEntity?: string;
    readonly usageType?: string;
    readonly operation?: string;
}

/** How often a value occurs in the data (line items), for completion order and details. */
export interface ValueCount {
    readonly value: string;
    readonly rows: number;
}

interface ScopeTuple {
    readonly billingEntity: string;
    readonly usageType: string;
    readonly operation: string;
}

/**
 * The values of the loaded data that a policy can name: account ids (with names when the data has
 * them), service codes, usage types and operations per service, billing entities. Built once per
 * cube, from its cells (far fewer than rows); counts are line items, so no money is approximated.
 * The language's data-aware checks ask it their questions (language/validation/data-facts.ts), in the editor
 * (server/) and in CI (`billing validate --data`) alike.
 */
export class DataVocabulary {
    readonly accounts: ReadonlyMap<string, { readonly name?: string; readonly rows: number }>;
    private readonly serviceRows = new Map<string, number>();
    private readonly usageTypeRows = new Map<string, Map<string, number>>();
    private readonly operationRows = new Map<string, Map<string, number>>();
    private readonly allUsageTypes = new Map<string, number>();
    private readonly allOperations = new Map<string, number>();
    private readonly entityRows = new Map<string, number>();
    private readonly tuples = new Map<string, ScopeTuple[]>();

    private readonly productNames: ReadonlyMap<string, string>;

    constructor(cube: Cube) {
        this.productNames = cube.productNames ?? new Map();
        const accounts = new Map<string, { name?: string; rows: number }>();
        const seenTuples = new Set<string>();
        for (const cell of cube.cells) {
            const account = accounts.get(cell.accountId);
            if (account) account.rows += cell.rows;
            else accounts.set(cell.accountId, { ...(cube.accountNames.get(cell.accountId) ? { name: cube.accountNames.get(cell.accountId) } : {}), rows: cell.rows });
            add(this.serviceRows, cell.service, cell.rows);
            add(nested(this.usageTypeRows, cell.service), cell.usageType, cell.rows);
            add(nested(this.operationRows, cell.service), cell.operation, cell.rows);
            add(this.allUsageTypes, cell.usageType, cell.rows);
            add(this.allOperations, cell.operation, cell.rows);
            add(this.entityRows, cell.billingEntity, cell.rows);
            const tupleKey = `${cell.service}\u0000${cell.billingEntity}\u0000${cell.usageType}\u0000${cell.operation}`;
            if (!seenTuples.has(tupleKey)) {
                seenTuples.add(tupleKey);
                let list = this.tuples.get(cell.service);
                if (!list) this.tuples.set(cell.service, (list = []));
                list.push({ billingEntity: cell.billingEntity, usageType: cell.usageType, operation: cell.operation });
            }
        }
        this.accounts = accounts;
    }

    hasAccount(id: string): boolean {
        return this.accounts.has(id);
    }

    hasService(service: string): boolean {
        return this.serviceRows.has(service);
    }

    hasUsageType(usageType: string): boolean {
        return this.allUsageTypes.has(usageType);
    }

    hasOperation(operation: string): boolean {
        return this.allOperations.has(operation);
    }

    hasBillingEntity(entity: string): boolean {
        return this.entityRows.has(entity);
    }

    /** Service codes, most line items first. */
    services(): ValueCount[] {
        return ranked(this.serviceRows);
    }

    /** The readable name of a Marketplace product's service code, when the data names it (not escaped). */
    serviceName(service: string): string | undefined {
        return this.productNames.get(service);
    }

    /** Usage types of one service (or of all), most line items first; the empty value left out. */
    usageTypes(service?: string): ValueCount[] {
        return ranked(service !== undefined ? this.usageTypeRows.get(service) : this.allUsageTypes);
    }

    operations(service?: string): ValueCount[] {
        return ranked(service !== undefined ? this.operationRows.get(service) : this.allOperations);
    }

    billingEntities(): ValueCount[] {
        return ranked(this.entityRows);
    }

    /** Whether some line item has every given field. */
    matches(fields: ScopeFields): boolean {
        const lists = fields.service !== undefined ? [this.tuples.get(fields.service) ?? []] : [...this.tuples.values()];
        return lists.some(list => list.some(tuple =>
            (fields.billingEntity === undefined || tuple.billingEntity === fields.billingEntity)
            && (fields.usageType === undefined || tuple.usageType === fields.usageType)
            && (fields.operation === undefined || tuple.operation === fields.operation)));
    }

    /** Services with a line item matching the fields (a rule's scope), most line items first. */
    servicesMatching(fields: ScopeFields): string[] {
        return this.services().map(entry => entry.value).filter(service =>
            (fields.service === undefined || service === fields.service) && this.matches({ ...fields, service }));
    }
}

function add(map: Map<string, number>, key: string, rows: number): void {
    map.set(key, (map.get(key) ?? 0) + rows);
}

function nested(map: Map<string, Map<string, number>>, key: string): Map<string, number> {
    let inner = map.get(key);
    if (!inner) map.set(key, (inner = new Map()));
    return inner;
}

function ranked(map: ReadonlyMap<string, number> | undefined): ValueCount[] {
    if (!map) return [];
    return [...map].filter(([value]) => value.length > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([value, rows]) => ({ value, rows }));
}
