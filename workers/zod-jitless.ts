/**
 * zod 4 compiles fast object parsers with `new Function` when it is allowed, probing for it
 * first; under the page's Content-Security-Policy (no 'unsafe-eval', vite.config.ts) that probe is
 * a policy violation. Jitless mode parses without generated code. Imported first by every page
 * and worker entry that validates scenarios.
 */
import { config } from 'zod';

config({ jitless: true });
