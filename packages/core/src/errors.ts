// The one error class of the library. Only bad input, cancellation and bugs throw;
// expected network outcomes (refused, timed out, no TLS) are returned as data.

export const ERROR_CODES = {
  ADDRESS_EMPTY: 'The address is empty.',
  ADDRESS_NO_AT: 'The address has no "@".',
  ADDRESS_EMPTY_LOCAL: 'The part before "@" is empty.',
  ADDRESS_LOCAL_DOT: 'The part before "@" starts or ends with a dot, or has two dots in a row.',
  ADDRESS_LOCAL_AT: 'The part before "@" contains "@" outside quotes.',
  ADDRESS_LOCAL_QUOTE: 'The part before "@" has a quote that does not enclose all of it.',
  ADDRESS_INVALID_LOCAL: 'The part before "@" contains a character that is allowed only inside quotes.',
  ADDRESS_EMPTY_DOMAIN: 'The part after "@" is empty.',
  ADDRESS_IP_LITERAL: 'IP-literal domains cannot be looked up for mail settings.',
  ADDRESS_LABEL_TOO_LONG: 'A domain label is longer than 63 octets.',
  ADDRESS_NAME_TOO_LONG: 'The domain name is longer than 253 octets.',
  ADDRESS_INVALID_IDNA: 'The domain is not a valid internationalised domain name.',
  ADDRESS_INVALID_CHARACTER: 'The address contains whitespace or control characters.',
  ADDRESS_INVALID_DOMAIN: 'The domain is not a valid host name.',
  DNS_SERVER_INVALID: 'A DNS server address could not be parsed.',
  DNS_NAME_INVALID: 'A DNS name could not be encoded.',
  URL_INVALID: 'A URL could not be parsed or uses an unsupported scheme.',
  OPTION_INVALID: 'An option has an invalid value.',
  WRITER_UNKNOWN: 'There is no config writer with that id.',
  WRITER_NO_ENDPOINT: 'The recommendation has no endpoint this config format needs.',
  WRITER_INSECURE: 'The endpoint has no TLS; writing a plaintext config needs allowInsecure.',
  WRITER_INVALID_INPUT: 'The writer input is not valid.',
  WRITER_UNSAFE_VALUE: 'A value cannot be written safely in this config format; nothing was written.',
  FILE_CHANGED: 'The file changed between reading and writing; nothing was written.',
  FILE_WRITE_FAILED: 'The file could not be written.',
  FILE_REFUSED: 'The path is not a file autoconf may write (a device, FIFO, socket, directory, or a link out of the project).',
  FILE_LOCKED: 'Another writer holds the lock on the file; nothing was written.',
  ABORTED: 'The operation was cancelled.',
  INTERNAL: 'An internal error occurred.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AutoconfError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string = ERROR_CODES[code], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AutoconfError';
    this.code = code;
  }
}

export function isAutoconfError(value: unknown, code?: ErrorCode): value is AutoconfError {
  return value instanceof AutoconfError && (code === undefined || value.code === code);
}
