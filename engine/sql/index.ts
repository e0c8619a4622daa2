// Public surface of engine/sql: the cost report as ONE SQL query over a CUR / FOCUS table (`billing sql`).
export { COMMITMENTS_NOTE, generateSql, type SqlOptions } from './generate-sql.js';
export { SqlGenerationError, DEFAULT_INPUT_SCALE, planPolicy, membershipSegments, type PolicyPlan, type MembershipSegment, type Scales } from './policy-plan.js';
export { SQL_DIALECTS, type SqlDialectName } from './sql-dialect.js';
export { SQL_SCHEMAS, schemaFields, type SqlSchemaName } from './cur-schemas.js';
