// For write-sigint.test.ts: a process that writes a large file with writeFileAtomic and exits
// at once on SIGINT (what the CLI does on a second Ctrl-C), without cancelling the write.
import { writeFileAtomic } from '@autoconf/core/internal/writers/write-file-atomic.js';

const [path = 'big.env', lines = '1000000'] = process.argv.slice(2);
process.on('SIGINT', () => process.exit(130));
await writeFileAtomic(path, '# line\n'.repeat(Number(lines)));
