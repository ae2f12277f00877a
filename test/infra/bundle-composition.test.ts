// What request-path bundles must not carry (issue 13's cold-start budget): each case is a library or a module the
// function never calls, kept out by how the code is split (a module's shared constants, a few hundred bytes, may
// stay). Bundled as the stack bundles them.
import { build } from 'esbuild';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';
import { BUNDLING } from '../../infra/bundling.js';
import { PROJECT_ROOT } from '../../local/runner.js';

async function bundledBytes(name: string): Promise<Map<string, number>> {
  const fn = app.functions[name];
  if (!fn) throw new Error(`No function ${name}`);
  const result = await build({
    entryPoints: [path.join(PROJECT_ROOT, fn.entry)],
    bundle: true,
    write: false,
    outdir: path.join(PROJECT_ROOT, '.bench', 'composition'),
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    alias: { ...BUNDLING.alias },
    logLevel: 'error',
    metafile: true,
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs))
      if (bytesInOutput > 0) bytes.set(file, (bytes.get(file) ?? 0) + bytesInOutput);
  return bytes;
}

/** Bytes the files whose path holds `part` add to the bundle. */
const bytesOf = (bundle: Map<string, number>, part: string) =>
  [...bundle].reduce((sum, [file, bytes]) => sum + (file.includes(part) ? bytes : 0), 0);

/** A module of which only constants may stay (its functions measured 0.9–1.2 KiB before the split). */
const CONSTANTS_ONLY = 512;

const CASES: [string, (string | [string, number])[]][] = [
  // Workbooks are written with node:zlib.
  ['onTimeStatistics', ['node_modules/exceljs/', 'node_modules/jszip/']],
  ['agencyLedger', ['node_modules/exceljs/', 'node_modules/jszip/']],
  // Only the delivery consumer builds CloudEvents with the library or signs deliveries (the test event is written out).
  ['createSubscription', ['node_modules/cloudevents/', 'node_modules/standardwebhooks/']],
  ['listSubscriptions', ['node_modules/cloudevents/', 'node_modules/standardwebhooks/']],
  [
    'testSubscription',
    ['node_modules/cloudevents/', 'node_modules/bignumber.js/', 'node_modules/standardwebhooks/'],
  ],
  // The inquiry webhooks answer by SMS or Zalo, never by e-mail.
  ['receiveSms', ['node_modules/@aws-sdk/client-sesv2/']],
  // Functions that only read dossiers carry none of a commit's counters, outbox or applicant schemas.
  [
    'getDossier',
    [
      ['shared/dossier/statistics.ts', CONSTANTS_ONLY],
      ['shared/events/model.ts', CONSTANTS_ONLY],
      ['shared/domain/dossier/on-time.ts', CONSTANTS_ONLY],
      'shared/dossier/applicant.ts',
    ],
  ],
  [
    'listMyDossiers',
    [
      ['shared/events/model.ts', CONSTANTS_ONLY],
      ['shared/domain/dossier/on-time.ts', CONSTANTS_ONLY],
    ],
  ],
  // Opening a draft writes nothing a commit writes; the calendar is for functions that count working days.
  [
    'createDossier',
    [
      ['shared/events/model.ts', CONSTANTS_ONLY],
      ['shared/domain/dossier/on-time.ts', CONSTANTS_ONLY],
      'node_modules/@dqcai/vn-lunar/',
    ],
  ],
  ['health', ['node_modules/@dqcai/vn-lunar/', 'shared/domain/calendar/calendar.ts']],
  // Functions that count working days read Tết and the Hùng Kings day from a table, not from the lunar converter.
  ['calendarYear', ['node_modules/@dqcai/vn-lunar/']],
  ['dueDate', ['node_modules/@dqcai/vn-lunar/']],
  ['acceptAtReception', ['node_modules/@dqcai/vn-lunar/']],
  // The security headers are written out in shared/http; a page's browser policies are built only for HTML answers.
  // Accept-Language is negotiated by shared/http/language.ts, without negotiator and its Content-Type parser.
  ['putAgency', ['node_modules/@middy/http-security-headers/', 'node_modules/negotiator/']],
  ['onTimePage', ['node_modules/@middy/http-security-headers/']],
  // file-type's ZIP reader logs through util.debuglog, not the debug package.
  ['completeUpload', ['node_modules/debug/', 'node_modules/supports-color/']],
];

describe('request-path bundles', () => {
  it.each(CASES)('%s carries none of what it never calls', async (name, absent) => {
    const bundle = await bundledBytes(name);
    expect(bundle.size).toBeGreaterThan(50);
    for (const entry of absent) {
      const [part, most] = typeof entry === 'string' ? [entry, 0] : entry;
      expect(bytesOf(bundle, part), part).toBeLessThanOrEqual(most);
    }
  });

  it('still carries what it calls (the check sees libraries and functions that are there)', async () => {
    expect(bytesOf(await bundledBytes('completeUpload'), 'node_modules/file-type/')).toBeGreaterThan(0);
    expect(bytesOf(await bundledBytes('deliverEvents'), 'node_modules/cloudevents/')).toBeGreaterThan(0);
    const submit = await bundledBytes('submitDossier');
    expect(bytesOf(submit, 'shared/events/model.ts')).toBeGreaterThan(CONSTANTS_ONLY);
    expect(bytesOf(submit, 'shared/domain/dossier/on-time.ts')).toBeGreaterThan(CONSTANTS_ONLY);
    expect(bytesOf(await bundledBytes('calendarYear'), 'shared/domain/calendar/holidays.ts')).toBeGreaterThan(
      0,
    );
  });
});
