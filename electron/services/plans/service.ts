/**
 * The plan inspector's service: decodes the documents a door hands over (text, or base64 bytes
 * whose encoding matters), runs the pure inspector in shared/plans on them and fills the routing
 * domain from the settings when the caller gives none, with the routing template, Exchange hosts and AD
 * application the generated rules use. It holds nothing between calls.
 */
import type { z } from 'zod';
import { inspectPlan, type DocumentSource } from '../../../shared/plans';
import type { PlanDocumentInput, PlanInspectInput, PlanInspection } from '../../../shared/plans/schemas';
import type { Settings } from '../../../shared/settings/schema';

export interface PlanServiceDeps {
  /** The current settings (exchange.routingDomain is the default routing domain). */
  settings: () => Promise<Settings>;
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

  async inspect(input: z.output<typeof PlanInspectInput>): Promise<PlanInspection> {
    const settings = await this.deps.settings();
    const given = input.routingDomain ?? null;
    const routingDomain = given ?? settings.exchange.routingDomain;
    return inspectPlan({
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
    });
  }
}
