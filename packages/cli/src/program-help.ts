// Help text that leads with examples (clig.dev): what people copy comes first.

export const MAIN_EXAMPLES = `Examples:
  autoconf detect you@example.com                 find, probe and explain the settings
  autoconf detect you@example.com --json          the full report as JSON
  autoconf detect you@example.com --write env     merge SMTP_*/IMAP_* into ./.env
  autoconf detect --offline you@gmail.com         embedded table only, no network
  autoconf probe smtp.example.com:587 --security starttls
  autoconf batch addresses.txt > reports.jsonl
  autoconf lint example.com
  autoconf doctor                                 check the mail settings this project already has
  autoconf explain "wrong version number" --server smtp.example.com:587
  autoconf formats
  source <(autoconf completion bash)              completion for bash (also zsh, fish)
`;

export const DETECT_EXAMPLES = `Examples:
  autoconf detect you@example.com
  autoconf detect you@example.com --format nodemailer > smtp-options.mjs
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

export const EXPLAIN_EXAMPLES = `Examples:
  autoconf explain "Error: Greeting never received"
  autoconf explain "534-5.7.9 Application-specific password required"
  node send.js 2>&1 | autoconf explain                  the text on standard input
  autoconf explain "wrong version number" --server smtp.example.com:587
  autoconf explain "$(cat error.log)" --config .env --json
`;

// Each command lists its own exit codes: probe and formats do not mean what detect means.
export const COMPLETION_EXAMPLES = `Examples:
  source <(autoconf completion bash)                  this shell only
  autoconf completion bash > ~/.local/share/bash-completion/completions/autoconf
  autoconf completion zsh > "\${fpath[1]}/_autoconf"
  autoconf completion fish > ~/.config/fish/completions/autoconf.fish
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

export const BATCH_EXIT_CODES_HELP = `
Exit codes (the worst of all lines):
  0    every address found and verified (or found with --offline / --no-probe)
  1    nothing usable found for at least one address
  2    usage or input error, or a line that is not an address
  3    found, but with a high-severity finding for at least one address
  70   internal error: a bug in autoconf (the stack with --trace)
  130  interrupted (Ctrl-C)
`;

export const LINT_EXIT_CODES_HELP = `
Exit codes:
  0    a file: usable, no high-severity note; a domain: every published server works, and no
       high-severity note or finding
  1    nothing usable (a domain: no published server works, or nothing is published)
  2    usage or input error (unreadable file, bad URL, a file name that does not exist)
  3    a high-severity note or finding (a domain: a published server with a problem)
  70   internal error: a bug in autoconf (the stack with --trace)
  130  interrupted (Ctrl-C)
`;

export const PROBE_EXIT_CODES_HELP = `
Exit codes:
  0    secured with a trusted certificate, or cleartext nobody asked to secure
  1    the connection or the dialogue failed (refused, filtered, no TLS where TLS was asked for)
  2    usage or input error
  3    a certificate problem, TLS below 1.2, STARTTLS asked for but not used, or cleartext
       only on a STARTTLS port (587/25/143/110)
  70   internal error: a bug in autoconf (the stack with --trace)
  130  interrupted (Ctrl-C)
`;

export const EXPLAIN_EXIT_CODES_HELP = `
Exit codes:
  0    recognised: at least one cause and its fix were printed
  1    not recognised
  2    usage or input error (no text, an unreadable --config file, a bad --server)
  70   internal error: a bug in autoconf
  130  interrupted (Ctrl-C)
`;

export const FORMATS_EXIT_CODES_HELP = `
Exit codes:
  0    the list was printed
  2    usage error
`;

export const COMPLETION_EXIT_CODES_HELP = `
Exit codes:
  0    the script was printed
  2    usage error (a shell other than bash, zsh or fish)
`;

// The variables env-defaults.ts reads; a flag on the command line wins over them.
export const ENV_HELP = `
Environment (defaults for the flags; a flag given wins, a bad value is exit 2):
  AUTOCONF_TIMEOUT=<ms>  AUTOCONF_DNS=<ip[:port],…>  AUTOCONF_CA_FILE=<pem,…>  AUTOCONF_SYSTEM_CA=1
  AUTOCONF_POLICY=<policy>  AUTOCONF_OFFLINE=1  AUTOCONF_PROBE=0  AUTOCONF_ALLOW_HTTP=1
`;

export const DOCTOR_EXAMPLES = `Examples:
  autoconf doctor                          find and check the project's mail settings
  autoconf doctor .env config/settings.py  check these files
  autoconf doctor --offline                the static checks only, nothing dialled
  autoconf doctor --json
`;

export const DOCTOR_EXIT_CODES_HELP = `
Exit codes:
  0    every config works and is strict (TLS required, certificates verified)
  1    a config cannot work as configured (say, implicit TLS on 587), or its server fails it
  2    usage or input error (unreadable file, a file autoconf cannot read)
  3    it works, but with a high finding (say, STARTTLS only if offered: downgradeable)
  70   internal error: a bug in autoconf (the stack with --trace)
  130  interrupted (Ctrl-C)
`;
