// Every note a source or a parser can leave, in one table: how serious it is, whom it is for,
// which finding of the report it becomes, and what to do about it. A note's code must be a key
// here (LintNote.code is typed by it), so no note can be emitted that the report does not know
// how to carry; every high note becomes a finding (test/core/notes-table.test.ts), and one that
// stays a note only (shown by `lint` and `--trace`) says so with `finding: null`.
//
// The finding codes are checked against report/findings.ts by the compiler in
// report/derive-findings.ts: this file sits below every stage and imports nothing.

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** `user`: the person configuring an app or a client. `owner`: whoever runs the domain's DNS
 *  and published documents (the reader of `autoconf lint`). */
export type NoteAudience = 'user' | 'owner';

export interface NoteSpec {
  severity: Severity;
  audience: NoteAudience;
  /** The report finding this note becomes, or null: a note for `lint` and `--trace` only. */
  finding: string | null;
  /** One line for the audience, saying what to do. */
  fix: string;
}

// Each entry is a plain literal (the report's JSON Schema is generated from `keyof typeof NOTES`,
// and the generator reads literals only); `as const` keeps each finding code a literal type.
export const NOTES = {
  // DNS: MX, SRV, guesses
  'dns-failure': { severity: 'low', audience: 'owner', finding: null, fix: 'A DNS query failed (not a missing record); check the zone\'s name servers.' },
  'no-such-domain': { severity: 'high', audience: 'user', finding: 'no-such-domain', fix: 'Check the spelling of the domain: it does not exist in DNS.' },
  'null-mx': { severity: 'high', audience: 'user', finding: 'null-mx', fix: 'The domain says it receives no mail (RFC 7505); check that the address is right.' },
  'mx-invalid': { severity: 'medium', audience: 'owner', finding: null, fix: 'Point every MX record at a valid host name.' },
  'mx-self': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: the MX host belongs to the domain itself.' },
  'hosted-by': { severity: 'info', audience: 'user', finding: 'hosted-by', fix: 'The provider that hosts the domain\'s mail supplies its settings.' },
  'guess-unresolved': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: a host-name guess that does not exist.' },
  'srv-not-offered': { severity: 'info', audience: 'user', finding: 'service-not-offered', fix: 'The domain says it does not offer this service (SRV target "."); use the others.' },
  'srv-invalid': { severity: 'low', audience: 'owner', finding: null, fix: 'Fix the SRV record: its target must be a host name and its port 1–65535.' },
  'srv-truncated': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish fewer SRV records for the service; clients read only the first few.' },
  'dnssec-validated': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: the answer was DNSSEC-validated.' },
  'dnssec-untrusted': { severity: 'info', audience: 'owner', finding: null, fix: 'Use a validating resolver on this machine, or mark the resolver trusted (--trust-resolver), for the AD bit to count.' },
  'dnssec-unvalidated': { severity: 'info', audience: 'owner', finding: null, fix: 'Sign the zone with DNSSEC so clients can trust its SRV records.' },
  // Where a document came from
  'cross-domain': { severity: 'medium', audience: 'user', finding: 'cross-domain', fix: 'The settings point into another domain; check that you trust it before a password goes there.' },
  'http-source': { severity: 'medium', audience: 'user', finding: 'http-source', fix: 'Publish the document over HTTPS: over plain HTTP it can be forged on the way.' },
  'redirect-address': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: Autodiscover redirected the address within the domain.' },
  // Autodiscover
  'autodiscover-forbidden-host': { severity: 'high', audience: 'user', finding: 'forbidden-host', fix: 'A public-suffix host was named as the domain\'s Autodiscover server and refused; someone may be trying to collect logins.' },
  'redirect-loop': { severity: 'medium', audience: 'owner', finding: 'broken-source', fix: 'Break the Autodiscover redirect loop.' },
  'too-many-redirects': { severity: 'medium', audience: 'owner', finding: 'broken-source', fix: 'Let Autodiscover answer within three redirects.' },
  'bad-redirect': { severity: 'medium', audience: 'owner', finding: 'broken-source', fix: 'Make the Autodiscover redirect name a valid address or https URL.' },
  'redirect-not-https': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Redirect Autodiscover to an https URL only.' },
  'autodiscover-error': { severity: 'low', audience: 'owner', finding: null, fix: 'The Autodiscover server answered with an error; check its logs.' },
  'account-type-unknown': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish AccountType "email".' },
  'action-unknown': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish Action "settings", "redirectAddr" or "redirectUrl".' },
  'protocol-type-skipped': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: a protocol block that is not IMAP, POP3 or SMTP.' },
  'encryption-unspecific': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish Encryption "SSL" or "TLS" so clients know the mode without trying.' },
  'ssl-ambiguous': { severity: 'info', audience: 'owner', finding: null, fix: 'Publish Encryption instead of SSL "on" so clients know whether TLS is implicit or STARTTLS.' },
  'domain-required': { severity: 'info', audience: 'user', finding: null, fix: 'The login name needs the Windows domain the provider names.' },
  'not-autodiscover': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  // clientConfig (autoconfig, ISPDB)
  'not-client-config': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'no-email-provider': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'version-unknown': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish clientConfig version "1.1".' },
  'multiple-providers': { severity: 'low', audience: 'owner', finding: null, fix: 'Publish one <emailProvider> per document.' },
  'misspelled-element': { severity: 'info', audience: 'owner', finding: null, fix: 'Rename <displayNameShort> to <displayShortName>.' },
  'enable-first': { severity: 'medium', audience: 'user', finding: 'enable-first', fix: 'Enable IMAP/POP or app access in the provider\'s web settings first.' },
  'enable-imap': { severity: 'info', audience: 'user', finding: 'enable-first', fix: 'Enable IMAP/POP access in the provider\'s web settings first.' },
  'broken-placeholder': { severity: 'medium', audience: 'owner', finding: 'broken-source', fix: 'Use only %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% in <username>, each closed.' },
  'server-type-skipped': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing to do: a server type other than IMAP, POP3 or SMTP.' },
  'server-incomplete': { severity: 'medium', audience: 'owner', finding: null, fix: 'Give every server a <hostname> and a <port> from 1 to 65535.' },
  'bad-hostname': { severity: 'medium', audience: 'owner', finding: null, fix: 'Publish a plain DNS host name (placeholders only where the format allows them).' },
  'plain-socket': { severity: 'high', audience: 'user', finding: 'published-cleartext', fix: 'Never use the unencrypted setting; the generated config requires TLS. Domain owner: publish SSL or STARTTLS only.' },
  'socket-type-unknown': { severity: 'medium', audience: 'owner', finding: null, fix: 'Publish socketType SSL, STARTTLS or plain.' },
  'auth-missing': { severity: 'low', audience: 'owner', finding: null, fix: 'List the <authentication> methods the server accepts.' },
  'auth-unknown': { severity: 'low', audience: 'owner', finding: null, fix: 'Use a clientConfig authentication value or a registered SASL mechanism name.' },
  'auth-deprecated': { severity: 'low', audience: 'owner', finding: null, fix: 'Replace the old authentication value with its current name.' },
  'server-restriction': { severity: 'info', audience: 'user', finding: null, fix: 'The server may only accept clients on the provider\'s own network.' },
  'port-security-mismatch': { severity: 'medium', audience: 'owner', finding: null, fix: 'Publish the mode the port is registered for: implicit TLS on 465/993/995, STARTTLS on 587/143/110.' },
  'port-unusual': { severity: 'low', audience: 'owner', finding: null, fix: 'Nothing wrong if intended: a port other than the registered ones.' },
  'control-characters': { severity: 'high', audience: 'user', finding: 'control-characters', fix: 'A published value held control or bidi characters and was refused: the domain\'s settings are broken or hostile.' },
  // Limits on hostile documents
  'servers-capped': { severity: 'medium', audience: 'owner', finding: 'broken-source', fix: 'Publish a handful of servers; clients read at most 50 per protocol.' },
  'notes-capped': { severity: 'low', audience: 'owner', finding: null, fix: 'Fix the notes above first; the rest were not kept.' },
  // XML that is refused unparsed
  'xml-too-large': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'xml-entities': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'xml-doctype': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'xml-too-deep': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  'xml-invalid': { severity: 'high', audience: 'owner', finding: 'broken-source', fix: 'Serve a well-formed document of the expected kind at this URL (check it with `autoconf lint <file>`), or remove it.' },
  // The embedded provider table
  'provider': { severity: 'info', audience: 'user', finding: null, fix: 'A provider autoconf knows; its published settings apply.' },
  'app-password': { severity: 'info', audience: 'user', finding: 'app-password', fix: 'Create an app password (or use OAuth2); the account password is refused.' },
  'mail-password': { severity: 'info', audience: 'user', finding: 'app-password', fix: 'Set the separate mail password the provider asks for.' },
  'oauth2-only': { severity: 'high', audience: 'user', finding: 'oauth2-only', fix: 'Use OAuth2: password logins are disabled.' },
  'no-standard-protocols': { severity: 'high', audience: 'user', finding: 'no-standard-access', fix: 'Use the provider\'s own API or app: it offers no IMAP, POP3 or SMTP.' },
  'proton-bridge': { severity: 'high', audience: 'user', finding: 'no-standard-access', fix: 'Run the provider\'s bridge app and use the host and port it shows.' },
  'test-sink': { severity: 'high', audience: 'user', finding: 'test-sink', fix: 'Use it for development only: messages are captured, never delivered.' },
  'port-missing': { severity: 'low', audience: 'owner', finding: null, fix: 'Nothing to do: an entry of nodemailer\'s service list without host and port.' },
  'no-tls': { severity: 'high', audience: 'user', finding: 'published-cleartext', fix: 'Nothing to do: a service of nodemailer\'s list without TLS, left out.' },
  // A published document that could not be fetched (one per HTTP error kind)
  'http-timeout': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-too-large': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-tls': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-cert': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-dns': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-refused': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-reset': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-redirect-downgrade': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-redirect-loop': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-too-many-redirects': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-bad-url': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-aborted': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-network': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-status': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
  'http-blocked': { severity: 'info', audience: 'owner', finding: null, fix: 'Nothing usable is published at this URL; publish a clientConfig there, or ignore this if you do not.' },
} as const;
// Checked by assignment, not `satisfies`: a contextual type would widen each entry's finding to string.
const EVERY_ENTRY_IS_A_SPEC: Readonly<Record<string, NoteSpec>> = NOTES;
void EVERY_ENTRY_IS_A_SPEC;

export type NoteCode = keyof typeof NOTES;

/** A deviation noticed while reading a source (lenient parsing keeps going and says so). */
export interface LintNote {
  code: NoteCode;
  severity: Severity;
  message: string;
  /** Where: an element path, a record, a URL. */
  at?: string;
}

/** A note with the table's severity: callers name the code and say what happened. */
export function note(code: NoteCode, message: string, at?: string): LintNote {
  return { code, severity: NOTES[code].severity, message, ...(at === undefined ? {} : { at }) };
}

export function isNoteCode(code: string): code is NoteCode {
  return Object.hasOwn(NOTES, code);
}
