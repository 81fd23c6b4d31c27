/**
 * Writes kernels/node/native/threefry_generated.h, the native op's
 * Threefry-2x32-20, from src/codegen/threefry.ts (run with
 * `npx tsx scripts/generate_threefry.ts`; the header is committed, and
 * test/node/threefry_codegen.test.ts fails when it is stale).
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {THREEFRY_CPP_HEADER_PATH, threefryCppHeader} from '../src/codegen/threefry.js';

writeFileSync(join(__dirname, '..', THREEFRY_CPP_HEADER_PATH), threefryCppHeader());
