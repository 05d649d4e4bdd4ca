// The central ISP database (draft §2.1): `<base><domain>`. The address is not sent.
import { buildIspdbUrl, fetchClientConfig, finishConfigs } from './client-config-fetch.js';
import { createRecorder } from './record.js';
import type { DiscoverContext } from './types.js';

export async function discoverIspdb(ctx: DiscoverContext) {
  const recorder = createRecorder('ispdb', ctx.onRequest);
  const url = buildIspdbUrl(ctx.options.ispdbBaseUrl, ctx.address.domain);
  return finishConfigs(recorder, [await fetchClientConfig(ctx, recorder, { url, insecure: false }, 'ispdb')]);
}
