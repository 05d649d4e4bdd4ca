// A mail config as a project already has it, normalised from whatever format it came in
// (the readers are the inverse of the writers), with where each value came from so that a
// finding can point at the key to change.

/** How the config secures the connection:
 *  `implicit-tls` — TLS from the first byte (465; nodemailer `secure: true`, `smtps://`);
 *  `starttls-required` — STARTTLS, and no cleartext fallback (`requireTLS`, `require_tls`);
 *  `starttls-opportunistic` — STARTTLS when offered, cleartext when a middlebox strips it;
 *  `none` — cleartext (`ignoreTLS`, `tls: false`). */
export type ConfigMode = 'implicit-tls' | 'starttls-required' | 'starttls-opportunistic' | 'none';

/** Where a value came from: the file, the 1-based line when known, the key as written. */
export interface Origin {
  file: string;
  line?: number;
  key: string;
}

export interface Field<T> {
  value: T;
  origin: Origin;
}

/** An SMTP submission config. Absent fields were not set (the client's default applies). */
export interface MailConfig {
  /** The format it was read from: `env`, `nodemailer-url`, `symfony-dsn`, `laravel`, … */
  format: string;
  host?: Field<string>;
  port?: Field<number>;
  /** As the client will dial it, derived from the format's flags (and its defaults). */
  mode: Field<ConfigMode>;
  username?: Field<string>;
  /** That a password is set, and where — never its value. */
  password?: Origin;
  /** The password is written in the file itself, not read from the environment or a vault. */
  passwordLiteral?: boolean;
  /** Certificate verification turned off (`rejectUnauthorized: false`, `verify_peer=0`). */
  verifyDisabled?: Origin;
  /** TLS options set beside the mode: the lowest version allowed (`TLSv1.2`), the name the
   *  certificate is checked against, a CA file or list; and the login method. */
  tls?: { minVersion?: Field<string>; servername?: Field<string>; ca?: Origin };
  authMethod?: Field<string>;
  /** A flag the client reads with `Boolean()` holds a string that means the opposite. */
  booleanStrings: Array<Field<string>>;
  /** Both "TLS" and "SSL" switched on (Django refuses to start). */
  bothTlsFlags?: [Origin, Origin];
  /** `${NAME}` references that resolve to nothing. */
  unresolved: Origin[];
}
