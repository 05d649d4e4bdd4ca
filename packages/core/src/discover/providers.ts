// The embedded provider table: settings of the big mailbox providers, written from their
// published help pages and cross-checked against the ISPDB snapshot, plus the MX host suffixes
// that reveal a hosted domain (Google Workspace, Microsoft 365, …) with no network at all.
import type { AuthMethod, LintNote, Protocol, PublishedSecurity } from '../types.js';
import { note } from '../notes.js';

export interface ProviderServer {
  protocol: Protocol;
  host: string;
  port: number;
  security: Extract<PublishedSecurity, 'tls' | 'starttls'>;
  /** Absent when the source does not say (nodemailer's list). */
  usernameTemplate?: string;
  authMethods: AuthMethod[];
}

export interface Provider {
  id: string;
  name: string;
  /** Mail domains of the provider's own users. */
  domains: readonly string[];
  /** MX host suffixes (label-aligned) of domains hosted by this provider. */
  mxSuffixes: readonly string[];
  /** In the provider's preference order. Empty when it offers no standard protocol. */
  servers: readonly ProviderServer[];
  notes: readonly LintNote[];
}

const PASSWORD: AuthMethod[] = ['password-cleartext'];
const OAUTH_OR_PASSWORD: AuthMethod[] = ['oauth2', 'password-cleartext'];
const OAUTH_ONLY: AuthMethod[] = ['oauth2'];

interface ProviderSpec {
  id: string;
  name: string;
  domains?: string[];
  mx?: string[];
  /** `protocol host port security`, e.g. `imap imap.example.com 993 tls`. */
  servers: string[];
  username?: string;
  auth?: AuthMethod[];
  notes?: LintNote[];
}

const APP_PASSWORD = note('app-password', 'Password logins need an app-specific password (or OAuth2); the account password is refused.');
const OAUTH2_ONLY = note('oauth2-only', 'Basic (password) authentication is disabled: IMAP, POP3 and SMTP need OAuth2.');
const NO_STANDARD_PROTOCOLS = note('no-standard-protocols', 'This provider offers no IMAP, POP3 or SMTP access to its mailboxes.');

const SPECS: ProviderSpec[] = [
  {
    id: 'gmail', name: 'Gmail', domains: ['gmail.com', 'googlemail.com'],
    servers: ['smtp smtp.gmail.com 587 starttls', 'smtp smtp.gmail.com 465 tls', 'imap imap.gmail.com 993 tls', 'pop3 pop.gmail.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'google-workspace', name: 'Google Workspace', mx: ['google.com', 'googlemail.com'],
    servers: ['smtp smtp.gmail.com 587 starttls', 'smtp smtp.gmail.com 465 tls', 'imap imap.gmail.com 993 tls', 'pop3 pop.gmail.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'outlook-com', name: 'Outlook.com',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'windowslive.com', 'passport.com', 'outlook.de', 'outlook.fr',
      'outlook.es', 'outlook.it', 'outlook.jp', 'outlook.com.br', 'hotmail.co.uk', 'hotmail.de', 'hotmail.fr', 'hotmail.it',
      'hotmail.es', 'live.co.uk', 'live.de', 'live.fr', 'live.nl', 'live.it'],
    mx: ['olc.protection.outlook.com'],
    servers: ['smtp smtp-mail.outlook.com 587 starttls', 'imap outlook.office365.com 993 tls', 'pop3 outlook.office365.com 995 tls'],
    auth: OAUTH_ONLY, notes: [OAUTH2_ONLY],
  },
  {
    id: 'microsoft-365', name: 'Microsoft 365', domains: ['onmicrosoft.com'], mx: ['mail.protection.outlook.com'],
    servers: ['smtp smtp.office365.com 587 starttls', 'imap outlook.office365.com 993 tls', 'pop3 outlook.office365.com 995 tls'],
    auth: OAUTH_ONLY, notes: [OAUTH2_ONLY],
  },
  {
    id: 'yahoo', name: 'Yahoo Mail',
    domains: ['yahoo.com', 'yahoo.co.uk', 'yahoo.de', 'yahoo.fr', 'yahoo.it', 'yahoo.es', 'yahoo.ca', 'yahoo.com.au',
      'yahoo.com.br', 'yahoo.co.in', 'ymail.com', 'rocketmail.com'],
    mx: ['yahoodns.net'],
    servers: ['smtp smtp.mail.yahoo.com 465 tls', 'smtp smtp.mail.yahoo.com 587 starttls', 'imap imap.mail.yahoo.com 993 tls', 'pop3 pop.mail.yahoo.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'aol', name: 'AOL Mail', domains: ['aol.com', 'aim.com', 'netscape.net', 'aol.de', 'aol.fr', 'aol.co.uk', 'verizon.net'],
    mx: ['mx-aol.mail.gm0.yahoodns.net'],
    servers: ['smtp smtp.aol.com 465 tls', 'smtp smtp.aol.com 587 starttls', 'imap imap.aol.com 993 tls', 'pop3 pop.aol.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'icloud', name: 'iCloud Mail', domains: ['icloud.com', 'me.com', 'mac.com'], mx: ['mail.icloud.com'],
    // Apple documents the IMAP user name as the part before "@"; SMTP wants the full address.
    servers: ['smtp smtp.mail.me.com 587 starttls', 'imap imap.mail.me.com 993 tls @local'],
    auth: PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'gmx-de', name: 'GMX', domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'gmx.eu'], mx: ['gmx.net'],
    servers: ['smtp mail.gmx.net 587 starttls', 'smtp mail.gmx.net 465 tls', 'imap imap.gmx.net 993 tls', 'pop3 pop.gmx.net 995 tls'],
  },
  {
    id: 'gmx-com', name: 'GMX (international)', domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'], mx: ['gmx.com'],
    servers: ['smtp mail.gmx.com 587 starttls', 'smtp mail.gmx.com 465 tls', 'imap imap.gmx.com 993 tls', 'pop3 pop.gmx.com 995 tls'],
  },
  {
    id: 'mail-com', name: 'mail.com', domains: ['mail.com', 'email.com', 'usa.com', 'post.com', 'consultant.com'], mx: ['mail.com'],
    servers: ['smtp smtp.mail.com 587 starttls', 'smtp smtp.mail.com 465 tls', 'imap imap.mail.com 993 tls', 'pop3 pop.mail.com 995 tls'],
  },
  {
    id: 'web-de', name: 'WEB.DE', domains: ['web.de'], mx: ['web.de'],
    servers: ['smtp smtp.web.de 587 starttls', 'smtp smtp.web.de 465 tls', 'imap imap.web.de 993 tls', 'pop3 pop3.web.de 995 tls'],
    notes: [note('enable-imap', 'IMAP/POP3 access must first be enabled in the web mail settings.')],
  },
  {
    id: 'mail-ru', name: 'Mail.ru', domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'], mx: ['mail.ru'],
    servers: ['smtp smtp.mail.ru 465 tls', 'imap imap.mail.ru 993 tls', 'pop3 pop.mail.ru 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'yandex', name: 'Yandex Mail', domains: ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'narod.ru'],
    mx: ['yandex.net', 'yandex.ru'],
    servers: ['smtp smtp.yandex.com 465 tls', 'imap imap.yandex.com 993 tls', 'pop3 pop.yandex.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'zoho', name: 'Zoho Mail', domains: ['zoho.com', 'zohomail.com'],
    servers: ['smtp smtp.zoho.com 465 tls', 'smtp smtp.zoho.com 587 starttls', 'imap imap.zoho.com 993 tls', 'pop3 pop.zoho.com 995 tls'],
  },
  {
    // Hosted (organisation) accounts use the "pro" hosts.
    id: 'zoho-business', name: 'Zoho Mail (organisation)', mx: ['zoho.com'],
    servers: ['smtp smtppro.zoho.com 465 tls', 'smtp smtppro.zoho.com 587 starttls', 'imap imappro.zoho.com 993 tls', 'pop3 poppro.zoho.com 995 tls'],
  },
  {
    id: 'zoho-eu', name: 'Zoho Mail (EU)', domains: ['zoho.eu', 'zohomail.eu'],
    servers: ['smtp smtp.zoho.eu 465 tls', 'smtp smtp.zoho.eu 587 starttls', 'imap imap.zoho.eu 993 tls', 'pop3 pop.zoho.eu 995 tls'],
  },
  {
    id: 'zoho-eu-business', name: 'Zoho Mail (EU organisation)', mx: ['zoho.eu'],
    servers: ['smtp smtppro.zoho.eu 465 tls', 'smtp smtppro.zoho.eu 587 starttls', 'imap imappro.zoho.eu 993 tls', 'pop3 poppro.zoho.eu 995 tls'],
  },
  {
    id: 'fastmail', name: 'Fastmail', domains: ['fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'fastmail.de', 'sent.com'],
    mx: ['messagingengine.com'],
    servers: ['smtp smtp.fastmail.com 465 tls', 'smtp smtp.fastmail.com 587 starttls', 'imap imap.fastmail.com 993 tls', 'pop3 pop.fastmail.com 995 tls'],
    auth: OAUTH_OR_PASSWORD, notes: [APP_PASSWORD],
  },
  {
    id: 'proton', name: 'Proton Mail', domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], mx: ['protonmail.ch'],
    servers: [],
    notes: [note(
      'proton-bridge',
      'Proton Mail is end-to-end encrypted: IMAP and SMTP work only through the Proton Mail Bridge app on this machine (or an SMTP token on paid custom-domain plans).',
    )],
  },
  {
    id: 'tuta', name: 'Tuta Mail', domains: ['tuta.com', 'tutanota.com', 'tutanota.de', 'tuta.io', 'tutamail.com', 'keemail.me'],
    mx: ['tutanota.de'], servers: [], notes: [NO_STANDARD_PROTOCOLS],
  },
  {
    id: 'ovh', name: 'OVHcloud MX Plan', domains: ['ovh.net'], mx: ['mail.ovh.net', 'ovh.net'],
    servers: ['smtp ssl0.ovh.net 465 tls', 'smtp ssl0.ovh.net 587 starttls', 'imap ssl0.ovh.net 993 tls', 'pop3 ssl0.ovh.net 995 tls'],
  },
  {
    id: 'ionos-de', name: 'IONOS (Germany)', mx: ['ionos.de', 'kundenserver.de'],
    servers: ['smtp smtp.ionos.de 587 starttls', 'smtp smtp.ionos.de 465 tls', 'imap imap.ionos.de 993 tls', 'pop3 pop.ionos.de 995 tls'],
  },
  {
    id: 'ionos-com', name: 'IONOS (US)', mx: ['ionos.com'],
    servers: ['smtp smtp.ionos.com 587 starttls', 'smtp smtp.ionos.com 465 tls', 'imap imap.ionos.com 993 tls', 'pop3 pop.ionos.com 995 tls'],
  },
  {
    id: 'ionos-uk', name: 'IONOS (UK)', mx: ['ionos.co.uk'],
    servers: ['smtp smtp.ionos.co.uk 587 starttls', 'smtp smtp.ionos.co.uk 465 tls', 'imap imap.ionos.co.uk 993 tls', 'pop3 pop.ionos.co.uk 995 tls'],
  },
  {
    id: '1und1', name: '1&1', domains: ['online.de', 'onlinehome.de', 'sofortstart.de', 'sofort-start.de', 'sofortsurf.de', 'sofort-surf.de', 'go4more.de', 'kundenserver.de', 'schlund.de'],
    servers: ['smtp smtp.1und1.de 587 starttls', 'smtp smtp.1und1.de 465 tls', 'imap imap.1und1.de 993 tls', 'pop3 pop.1und1.de 995 tls'],
  },
  {
    id: 'strato', name: 'STRATO', domains: ['strato.de', 'rzone.de'], mx: ['rzone.de'],
    servers: ['smtp smtp.strato.de 465 tls', 'smtp smtp.strato.de 587 starttls', 'imap imap.strato.de 993 tls', 'pop3 pop3.strato.de 995 tls'],
  },
  {
    id: 't-online', name: 'Telekom Mail (T-Online)', domains: ['t-online.de', 'magenta.de'], mx: ['t-online.de'],
    servers: ['smtp securesmtp.t-online.de 465 tls', 'smtp securesmtp.t-online.de 587 starttls', 'imap secureimap.t-online.de 993 tls', 'pop3 securepop.t-online.de 995 tls'],
    notes: [note('mail-password', 'Mail programs use a separate e-mail password set in the Telekom customer centre.')],
  },
  {
    id: 'orange', name: 'Orange', domains: ['orange.fr', 'wanadoo.fr'], mx: ['orange.fr'],
    servers: ['smtp smtp.orange.fr 465 tls', 'imap imap.orange.fr 993 tls', 'pop3 pop.orange.fr 995 tls'],
  },
  {
    id: 'free', name: 'Free', domains: ['free.fr'], mx: ['free.fr'], username: '%EMAILLOCALPART%',
    servers: ['smtp smtp.free.fr 465 tls', 'imap imap.free.fr 993 tls', 'pop3 pop.free.fr 995 tls'],
  },
  {
    id: 'libero', name: 'Libero Mail', domains: ['libero.it', 'iol.it', 'blu.it', 'inwind.it', 'giallo.it'], mx: ['libero.it'],
    servers: ['smtp smtp.libero.it 465 tls', 'imap imapmail.libero.it 993 tls', 'pop3 popmail.libero.it 995 tls'],
  },
  {
    id: 'comcast', name: 'Xfinity (Comcast)', domains: ['comcast.net'], mx: ['comcast.net'],
    servers: ['smtp smtp.comcast.net 587 starttls', 'smtp smtp.comcast.net 465 tls', 'imap imap.comcast.net 993 tls', 'pop3 mail.comcast.net 995 tls'],
    auth: OAUTH_OR_PASSWORD,
  },
  {
    id: 'seznam', name: 'Seznam Email', domains: ['seznam.cz', 'email.cz', 'post.cz', 'spoluzaci.cz'], mx: ['seznam.cz'],
    servers: ['smtp smtp.seznam.cz 465 tls', 'imap imap.seznam.cz 993 tls', 'pop3 pop3.seznam.cz 995 tls'],
  },
  {
    id: 'mailbox-org', name: 'mailbox.org', domains: ['mailbox.org'], mx: ['mailbox.org'],
    servers: ['smtp smtp.mailbox.org 465 tls', 'smtp smtp.mailbox.org 587 starttls', 'imap imap.mailbox.org 993 tls', 'pop3 pop3.mailbox.org 995 tls'],
  },
  {
    id: 'posteo', name: 'Posteo', domains: ['posteo.de', 'posteo.net', 'posteo.at', 'posteo.ch', 'posteo.eu', 'posteo.org', 'posteo.com', 'posteo.be'],
    mx: ['posteo.de'],
    servers: ['smtp posteo.de 465 tls', 'smtp posteo.de 587 starttls', 'imap posteo.de 993 tls', 'pop3 posteo.de 995 tls'],
  },
  {
    id: 'gandi', name: 'Gandi Mail', domains: ['gandi.net'], mx: ['mail.gandi.net'],
    servers: ['smtp mail.gandi.net 465 tls', 'smtp mail.gandi.net 587 starttls', 'imap mail.gandi.net 993 tls', 'pop3 mail.gandi.net 995 tls'],
  },
  {
    id: 'privateemail', name: 'Namecheap Private Email', mx: ['privateemail.com'],
    servers: ['smtp mail.privateemail.com 465 tls', 'smtp mail.privateemail.com 587 starttls', 'imap mail.privateemail.com 993 tls', 'pop3 mail.privateemail.com 995 tls'],
  },
  {
    id: 'rackspace', name: 'Rackspace Email', mx: ['emailsrvr.com'],
    servers: ['smtp secure.emailsrvr.com 465 tls', 'smtp secure.emailsrvr.com 587 starttls', 'imap secure.emailsrvr.com 993 tls', 'pop3 secure.emailsrvr.com 995 tls'],
  },
  {
    id: 'hostinger', name: 'Hostinger Email', mx: ['hostinger.com'],
    servers: ['smtp smtp.hostinger.com 465 tls', 'imap imap.hostinger.com 993 tls', 'pop3 pop.hostinger.com 995 tls'],
  },
  {
    id: 'infomaniak', name: 'Infomaniak Mail', domains: ['ik.me', 'ikmail.com', 'etik.com'], mx: ['infomaniak.ch'],
    servers: ['smtp mail.infomaniak.com 465 tls', 'smtp mail.infomaniak.com 587 starttls', 'imap mail.infomaniak.com 993 tls', 'pop3 mail.infomaniak.com 995 tls'],
  },
  {
    id: 'qq', name: 'QQ Mail', domains: ['qq.com', 'foxmail.com'], mx: ['qq.com'],
    servers: ['smtp smtp.qq.com 465 tls', 'imap imap.qq.com 993 tls', 'pop3 pop.qq.com 995 tls'],
    notes: [note('app-password', 'Mail programs need the authorisation code from the QQ Mail settings, not the QQ password.')],
  },
  {
    id: 'netease-163', name: 'NetEase 163 Mail', domains: ['163.com'], mx: ['163.com'],
    servers: ['smtp smtp.163.com 465 tls', 'imap imap.163.com 993 tls', 'pop3 pop.163.com 995 tls'],
  },
];

function parseServer(line: string, spec: ProviderSpec): ProviderServer {
  const [protocol, host, port, security, flag] = line.split(' ');
  return {
    protocol: protocol as Protocol,
    host: host as string,
    port: Number(port),
    security: security as 'tls' | 'starttls',
    usernameTemplate: flag === '@local' ? '%EMAILLOCALPART%' : (spec.username ?? '%EMAILADDRESS%'),
    authMethods: [...(spec.auth ?? PASSWORD)],
  };
}

export const PROVIDERS: readonly Provider[] = SPECS.map((spec) => ({
  id: spec.id,
  name: spec.name,
  domains: spec.domains ?? [],
  mxSuffixes: spec.mx ?? [],
  servers: spec.servers.map((line) => parseServer(line, spec)),
  notes: spec.notes ?? [],
}));
