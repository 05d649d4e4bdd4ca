// Documents built to cost a parser as much CPU as fits under the 1 MiB read cap: thousands of
// servers, several lint notes each, long values, and nesting just inside the depth limit.
// Shared by the parser and detect tests and by bench/parse.bench.ts.

export interface HostileOptions {
  /** The domain whose hosts the servers name (they resolve nowhere unless a zone says so). */
  domain: string;
  /** Stop adding servers before the document passes this many bytes. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 1_000_000;
// Under <emailProvider> (depth 2): 30 more levels reach MAX_XML_DEPTH (32), the deepest a
// document can nest and still be read.
const NESTING = 30;
const LONG_TEXT = 'x'.repeat(2_000);

/** A clientConfig of ~1 MiB: every server is distinct and every one earns several notes. */
export function hostileClientConfig(options: HostileOptions): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const head =
    `<?xml version="1.0"?>\n<clientConfig version="1.1"><emailProvider id="${options.domain}" note="${LONG_TEXT}">` +
    `<domain>${options.domain}</domain><displayName>${LONG_TEXT}</displayName>` +
    `${'<x>'.repeat(NESTING)}deep${'</x>'.repeat(NESTING)}`;
  const tail = '</emailProvider></clientConfig>\n';
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const server = hostileServer(i, options.domain);
    if (size + server.length > maxBytes) break;
    parts.push(server);
    size += server.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** The servers' count in a document made by `hostileClientConfig`, by protocol. */
export function countServers(xml: string): { imap: number; pop3: number; smtp: number } {
  const count = (pattern: RegExp) => xml.match(pattern)?.length ?? 0;
  return {
    imap: count(/<incomingServer type="imap"/g),
    pop3: count(/<incomingServer type="pop3"/g),
    smtp: count(/<outgoingServer type="smtp"/g),
  };
}

// About 115 bytes a server, so ~8 500 fit (the report that prompted the caps had 8 000 in
// 977 KiB). Each earns three notes: a plain socket, a port of another protocol (25) and no
// <authentication>; every tenth carries two more values that earn notes of their own.
function hostileServer(i: number, domain: string): string {
  const kind = i % 3;
  const tag = kind === 2 ? 'outgoingServer' : 'incomingServer';
  const type = kind === 0 ? 'imap' : kind === 1 ? 'pop3' : 'smtp';
  const extra = i % 10 === 0 ? `<authentication>bogus-${i}</authentication><restriction>r${i}</restriction>` : '';
  return `<${tag} type="${type}"><hostname>h${i}.${domain}</hostname><port>${kind === 2 ? 110 : 25}</port><socketType>plain</socketType>${extra}</${tag}>`;
}

/** An Autodiscover POX answer of ~1 MiB with thousands of Protocol blocks. */
export function hostileAutodiscover(options: HostileOptions): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const head =
    '<?xml version="1.0" encoding="utf-8"?>\n<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">' +
    '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">' +
    '<Account><AccountType>email</AccountType><Action>settings</Action>';
  const tail = '</Account></Response></Autodiscover>\n';
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const type = ['IMAP', 'POP3', 'SMTP'][i % 3];
    const block =
      `<Protocol><Type>${type}</Type><Server>h${i}.${options.domain}</Server><Port>${2_000 + (i % 60_000)}</Port>` +
      `<SSL>off</SSL><LoginName>%EMAILADDRESS%</LoginName><DomainRequired>on</DomainRequired></Protocol>`;
    if (size + block.length > maxBytes) break;
    parts.push(block);
    size += block.length;
  }
  parts.push(tail);
  return parts.join('');
}
