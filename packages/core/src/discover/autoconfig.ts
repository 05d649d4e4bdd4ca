// The domain's own clientConfig file (draft-ietf-mailmaint-autoconfig §1.1–1.3). All URLs are
// fetched at once; the higher-priority URL's servers rank first but every answer is kept.
import { fetchClientConfig, finishConfigs, type ConfigUrl } from './client-config-fetch.js';
import { createRecorder } from './record.js';
import type { DiscoverContext } from './types.js';

const CONFIG_PATH = '/mail/config-v1.1.xml';
const WELL_KNOWN_PATH = '/.well-known/autoconfig/mail/config-v1.1.xml';

/** The address travels only on the HTTPS autoconfig.<domain> URL, never over plain HTTP. */
export function buildAutoconfigUrls(domain: string, address: string, allowHttp: boolean): ConfigUrl[] {
  const urls: ConfigUrl[] = [
    { url: `https://autoconfig.${domain}${CONFIG_PATH}?emailaddress=${encodeURIComponent(address)}`, insecure: false },
    { url: `https://${domain}${WELL_KNOWN_PATH}`, insecure: false },
  ];
  if (allowHttp) {
    urls.push({ url: `http://autoconfig.${domain}${CONFIG_PATH}`, insecure: true }, { url: `http://${domain}${WELL_KNOWN_PATH}`, insecure: true });
  }
  return urls;
}

export async function discoverAutoconfig(ctx: DiscoverContext) {
  const recorder = createRecorder('autoconfig', ctx.onRequest);
  const urls = buildAutoconfigUrls(ctx.address.domain, ctx.address.address, ctx.options.allowHttp);
  const results = await Promise.all(urls.map((entry) => fetchClientConfig(ctx, recorder, entry, 'autoconfig')));
  return finishConfigs(recorder, results);
}
