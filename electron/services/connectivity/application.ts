/**
 * The ExchHost list (and the IQService host) of an IdentityIQ Application document, or of the bare
 * <Map> that $env:Application holds, read with the plan inspector's parser (shared/plans): the same
 * decoding, entity refusal and ExchHost rules as the Plans page.
 */
import { HmcError } from '../../../shared/errors';
import { inspectPlan } from '../../../shared/plans';

export interface ApplicationHosts {
  exchangeHosts: string[];
  iqService: { host: string; port: number | null; tls: boolean | null } | null;
}

export function applicationHosts(document: string | Uint8Array): ApplicationHosts {
  const inspection = inspectPlan({ document, application: null });
  const app = inspection.application;
  if (!app) {
    throw new HmcError(
      'XML_UNKNOWN_ROOT',
      `This is a ${inspection.kind} document, not an Application; open the AD application's XML (or the $env:Application map) to check its ExchHost list.`,
    );
  }
  return {
    exchangeHosts: [...new Set(app.exchangeHosts.flatMap((h) => h.split(/[\s,;]+/)).filter(Boolean))],
    iqService: app.iqServiceHost ? { host: app.iqServiceHost, port: app.iqServicePort, tls: app.iqServiceTls } : null,
  };
}
