/** Plan inspector: decode IdentityIQ / IQService XML, mask secrets, explain the mailbox rules. */
export { inspectPlan, maskRawXml, type InspectOptions, type DocumentSource } from './inspect';
export { base64ToBytes, decodeDocument, extractXml } from './decode';
