/**
 * The plan inspector's service: decodes the documents a door hands over (text, or base64 bytes
 * whose encoding matters), runs the pure inspector in shared/plans on them and fills the routing
 * domain from the settings when the caller gives none, with the routing template, Exchange hosts and AD
 * application the generated rules use. It holds nothing between calls. Documents of LARGE_DOCUMENT bytes and
 * more are inspected in a worker thread (pool.ts), so the host keeps answering other calls meanwhile.
 */
import type { z } from 'zod';
import { inspectPlan, type DocumentSource, type InspectOptions } from '../../../shared/plans';
import type { PlanDocumentInput, PlanInspectInput, PlanInspection } from '../../../shared/plans/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { InspectPool } from './pool';

/** From this total size on (bytes), an inspection runs in a worker thread. */
export const LARGE_DOCUMENT = 512 * 1024;

export interface PlanServiceDeps {
  /** The current settings (exchange.routingDomain is the default routing domain). */
  settings: () => Promise<Settings>;
  /** Where large inspections run; without one every inspection runs on the calling thread. */
  pool?: InspectPool;
}

function sizeOf(d: z.output<typeof PlanDocumentInput> | undefined): number {
  if (!d) return 0;
  return d.text !== undefined ? d.text.length : Math.floor(((d.base64 ?? '').length * 3) / 4);
}

function source(d: z.output<typeof PlanDocumentInput>): DocumentSource;
function source(d: z.output<typeof PlanDocumentInput> | undefined): DocumentSource | null;
function source(d: z.output<typeof PlanDocumentInput> | undefined): DocumentSource | null {
  if (!d) return null;
  if (d.text !== undefined) return d.text;
  const bytes = Buffer.from(d.base64 ?? '', 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class PlanService {
  constructor(private readonly deps: PlanServiceDeps) {}

  async inspect(input: z.output<typeof PlanInspectInput>, signal?: AbortSignal): Promise<PlanInspection> {
    const settings = await this.deps.settings();
    const given = input.routingDomain ?? null;
    const routingDomain = given ?? settings.exchange.routingDomain;
    const options: InspectOptions = {
      document: source(input.document),
      result: source(input.result),
      application: source(input.application),
      routingDomain,
      routingDomainSource: given ? 'input' : 'settings',
      includeRaw: input.includeRaw,
      // What the generated rules (the Rule kit) use: the decision is theirs.
      routingTemplate: settings.rules.routingTemplate,
      configuredHosts: settings.exchange.hosts,
      adApplication: settings.rules.adApplication,
    };
    const size = sizeOf(input.document) + sizeOf(input.result) + sizeOf(input.application);
    const pool = this.deps.pool;
    if (pool && size >= LARGE_DOCUMENT) return pool.run(options, () => inspectPlan(options), signal);
    return inspectPlan(options);
  }
}
