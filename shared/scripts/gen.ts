import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { webOperationsModule } from '../src/contracts/web-manifest.ts';

const target = fileURLToPath(new URL('../../web/src/api/operations.gen.ts', import.meta.url));
writeFileSync(target, webOperationsModule());
console.log(`wrote ${target}`);
