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

/** A PDF text string's value (PDF 1.7 §7.9.2.2): UTF-16BE after its byte order mark, else PDFDocEncoding's ASCII. */
function textStringValue(written: string): string {
  const bytes = written.startsWith('<')
    ? Buffer.from(written.slice(1, -1).replace(/\s+/g, ''), 'hex')
    : Buffer.from(written.slice(1, -1).replace(/\\([()\\])/g, '$1'), 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** The text entries of the PDF's last signature dictionary, decoded as a reader decodes them. */
export function signatureTexts(pdf: Buffer): Record<'Name' | 'Reason' | 'Location' | 'ContactInfo', string> {
  const text = pdf.toString('latin1');
  const start = text.lastIndexOf('/Type /Sig');
  if (start < 0) throw new Error('No signature dictionary in the PDF');
  const dictionary = text.slice(start, text.indexOf('endobj', start));
  const entry = (key: string) => {
    const found = new RegExp(`/${key} (<[0-9a-fA-F\\s]*>|\\((?:\\\\.|[^\\\\)])*\\))`).exec(dictionary);
    if (!found) throw new Error(`No /${key} in the signature dictionary`);
    return textStringValue(found[1]!);
  };
  return {
    Name: entry('Name'),
    Reason: entry('Reason'),
    Location: entry('Location'),
    ContactInfo: entry('ContactInfo'),
  };
}

/**
 * The objects whose offsets the PDF's last cross-reference section gives that are not at those offsets: none when
 * an edit of the signing's incremental update kept every length.
 */
export function misplacedObjects(pdf: Buffer): number[] {
  const text = pdf.toString('latin1');
  const xref = text.lastIndexOf('\nxref\n');
  const section = /^xref\n((?:\d+ \d+\n(?:\d{10} \d{5} [nf] ?\r?\n)+)+)/.exec(text.slice(xref + 1));
  if (!section) throw new Error('No cross-reference table at the end of the PDF');
  const misplaced: number[] = [];
  for (const [, first, entries] of section[1]!.matchAll(/(\d+) \d+\n((?:\d{10} \d{5} [nf] ?\r?\n)+)/g))
    entries!
      .trim()
      .split(/\r?\n/)
      .forEach((entry, i) => {
        const [offset, , kind] = entry.trim().split(' ');
        const number = Number(first) + i;
        if (kind === 'n' && !text.startsWith(`${number} 0 obj`, Number(offset))) misplaced.push(number);
      });
  return misplaced;
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
