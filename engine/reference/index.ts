// Public surface of engine/reference: the slow, obviously right pricer the property tests hold engine/price against.
export { referenceBill, type ReferenceBill, type ReferenceGroupBill, type ReferenceOptions } from './reference-bill.js';
export { readLineItems, type LineItem } from './line-items.js';
