// The central ISP database (draft §2.1): `<base><domain>`. The address is not sent.
import { fetchClientConfig, finishConfigs } from './autoconfig.js';
import { createRecorder } from './record.js';
import type { DiscoverContext } from './types.js';

export function buildIspdbUrl(baseUrl: string, domain: string): string {
  return `${baseUrl}${domain}`;
}

export async function discoverIspdb(ctx: DiscoverContext) {
  const recorder = createRecorder('ispdb', ctx.onRequest);
  const url = buildIspdbUrl(ctx.options.ispdbBaseUrl, ctx.address.domain);
  return finishConfigs(recorder, [await fetchClientConfig(ctx, recorder, { url, insecure: false }, 'ispdb')]);
}
