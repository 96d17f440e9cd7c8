/**
 * plan.inspect: decodes the documents (text or base64 bytes), inspects them with the pure
 * shared/plans inspector and fills the routing domain from the settings when not given, with the
 * routing template, Exchange hosts and AD application the generated rules use.
 */
import type { Handlers } from '../../core/router';
import type { Services } from '../../app/services';
import { inspectPlan, type DocumentSource } from '../../../shared/plans';
import type { PlanDocumentInput } from '../../../shared/plans/schemas';

function source(d: PlanDocumentInput | undefined): DocumentSource | null {
  if (!d) return null;
  if (d.text !== undefined) return d.text;
  const bytes = Buffer.from(d.base64 ?? '', 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function planHandlers(s: Services): Pick<Handlers, 'plan.inspect'> {
  return {
    'plan.inspect': async (input) => {
      const settings = await s.settings.get();
      let routingDomain: string | null = input.routingDomain ?? null;
      let routingDomainSource: 'input' | 'settings' = 'input';
      if (!routingDomain) {
        routingDomain = settings.exchange.routingDomain;
        routingDomainSource = 'settings';
      }
      return inspectPlan({
        document: source(input.document)!,
        result: source(input.result),
        application: source(input.application),
        routingDomain,
        routingDomainSource,
        includeRaw: input.includeRaw,
        // What the generated rules (Rule kit) use: the decision is theirs.
        routingTemplate: settings.rules.routingTemplate,
        configuredHosts: settings.exchange.hosts,
        adApplication: settings.rules.adApplication,
      });
    },
  };
}
