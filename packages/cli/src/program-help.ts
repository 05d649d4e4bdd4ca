// Help text that leads with examples (clig.dev): what people copy comes first.

export const MAIN_EXAMPLES = `Examples:
  autoconf detect you@example.com                 find, probe and explain the settings
  autoconf detect you@example.com --json          the full report as JSON
  autoconf detect you@example.com --write env     merge SMTP_*/IMAP_* into ./.env
  autoconf detect --offline you@gmail.com         embedded table only, no network
  autoconf probe smtp.example.com:587 --security starttls
  autoconf batch addresses.txt > reports.jsonl
  autoconf lint example.com
  autoconf formats
`;

export const DETECT_EXAMPLES = `Examples:
  autoconf detect you@example.com
  autoconf detect you@example.com --format nodemailer > mail.config.js
  autoconf detect you@example.com --write laravel --out .env
  autoconf detect you@example.com --trace 2> trace.log
  autoconf detect you@example.com --verify-login          (asks for the password after detection)
  printf '%s' "$PASS" | autoconf detect you@example.com --verify-login --password-stdin
  autoconf detect you@example.com --verify-login --login-host smtp.hoster.example  (a host your domain did not name)
`;

export const PROBE_EXAMPLES = `Examples:
  autoconf probe smtp.example.com:587 --security starttls
  autoconf probe imap.example.com --protocol imap --security tls
  autoconf probe [2001:db8::1]:465 --security tls --json
`;

export const BATCH_EXAMPLES = `Examples:
  autoconf batch addresses.txt > reports.jsonl
  cut -d, -f2 users.csv | autoconf batch - --concurrency 8
`;

export const LINT_EXAMPLES = `Examples:
  autoconf lint config-v1.1.xml
  autoconf lint https://autoconfig.example.com/mail/config-v1.1.xml
  autoconf lint example.com
`;

export const EXIT_CODES_HELP = `
Exit codes:
  0    found and verified (or found with --offline / --no-probe, marked unverified)
  1    nothing usable found
  2    usage or input error
  3    found, but with a high-severity finding (see the findings)
  70   internal error: a bug in autoconf (the stack with --trace)
  130  interrupted (Ctrl-C)
`;
