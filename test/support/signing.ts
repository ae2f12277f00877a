// Signed forms as an independent verifier sees them: poppler's pdfsig for the signature over the signed byte ranges,
// OpenSSL's CMS verification for the chain up to the development CA (pdfsig's NSS has no database to trust it from).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { localSigningKey } from '../../shared/adapters/local-signing-key.js';
import { pdfSigner, type PdfSigner } from '../../shared/signing/pades.js';
import type { DevelopmentSigning } from '../../local/signing-ca.js';

const run = promisify(execFile);

/** The documents consumer's signer over a development CA's key file, as the local stack wires it. */
export const localPdfSigner = (signing: DevelopmentSigning): PdfSigner =>
  pdfSigner(localSigningKey(readFileSync(signing.keyFile, 'utf8')), readFileSync(signing.chainFile, 'utf8'));

export interface PdfsigReport {
  output: string;
  /** "Signature Validation: …" of each signature. */
  validations: string[];
  /** "Certificate Validation: …" of each signature. */
  certificates: string[];
  signer: string | undefined;
  signatureType: string | undefined;
  wholeDocument: boolean;
}

/** What pdfsig says of the PDF, run with an empty home (no NSS database: nothing is trusted but the maths). */
export async function pdfsig(pdf: Buffer): Promise<PdfsigReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdfsig-'));
  try {
    const file = path.join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await run('/usr/bin/pdfsig', [file], { env: { ...process.env, HOME: dir } }).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    const all = (label: string) =>
      [...stdout.matchAll(new RegExp(`- ${label}: (.*)`, 'g'))].map((m) => m[1]!.trim());
    return {
      output: stdout,
      validations: all('Signature Validation'),
      certificates: all('Certificate Validation'),
      signer: all('Signer Certificate Common Name')[0],
      signatureType: all('Signature Type')[0],
      wholeDocument: stdout.includes('Total document signed'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CMS in the PDF's signature dictionary and the bytes it signs (its /ByteRange). */
export function signatureOf(pdf: Buffer): { cms: Buffer; signed: Buffer } {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(-1);
  if (!ranges) throw new Error('No signature in the PDF');
  const [a, aLength, b, bLength] = ranges.slice(1).map(Number) as [number, number, number, number];
  const hex = text.slice(a + aLength + 1, b - 1).replace(/(00)+$/, '');
  return {
    cms: Buffer.from(hex, 'hex'),
    signed: Buffer.concat([pdf.subarray(a, a + aLength), pdf.subarray(b, b + bLength)]),
  };
}

/** Whether OpenSSL verifies the PDF's CMS over its byte ranges with the chain up to `caFile` trusted. */
export async function chainVerifies(pdf: Buffer, caFile: string): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cms-'));
  try {
    const { cms, signed } = signatureOf(pdf);
    writeFileSync(path.join(dir, 'signature.der'), cms);
    writeFileSync(path.join(dir, 'signed.bin'), signed);
    await run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'signature.der'),
      '-content',
      path.join(dir, 'signed.bin'),
      '-CAfile',
      caFile,
      '-purpose',
      'any',
      '-out',
      path.join(dir, 'out.bin'),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
