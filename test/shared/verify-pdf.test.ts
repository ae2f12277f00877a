// The product's PDF signature verifier against PDFs signed by test certificates: each verdict, and what it reports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificatesFromPem,
  verifyPdfSignatures,
  type VerifyOptions,
} from '../../shared/signing/verify-pdf.js';
import { trustedSigningRoots } from '../../shared/signing/verify-roots.js';
import { plainPdf, signPdf, tamper, testPki, type TestPki } from '../support/signed-pdf.js';

let pki: TestPki;
let options: VerifyOptions;
let unsigned: Buffer;

beforeAll(async () => {
  pki = await testPki();
  options = { trustedRoots: certificatesFromPem(pki.trustedRootsPem), now: Date.now() };
  unsigned = await plainPdf();
});

describe('verifyPdfSignatures', () => {
  it('finds a leader’s signature valid, with signer and signing time', async () => {
    const at = new Date(Date.now() - 60_000);
    const checked = await verifyPdfSignatures(await signPdf(unsigned, pki.leader, at), options);
    expect(checked.verdict).toBe('valid');
    expect(checked.signatures).toHaveLength(1);
    expect(checked.signatures[0]).toMatchObject({
      verdict: 'valid',
      signer: { commonName: 'Nguyen Van Lanh Dao', organization: 'UBND Xa Thu Nghiem' },
      signedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
      timeSource: 'signing-time',
      coversWholeDocument: true,
      digestAlgorithm: 'SHA-256',
    });
  });

  it('reports a PDF without a signature as unsigned', async () => {
    expect(await verifyPdfSignatures(unsigned, options)).toEqual({ verdict: 'unsigned', signatures: [] });
  });

  it('reports a signer whose CA is not configured as untrusted', async () => {
    const checked = await verifyPdfSignatures(await signPdf(unsigned, pki.stranger), options);
    expect(checked.verdict).toBe('untrusted');
    expect(checked.signatures[0]!.signer?.commonName).toBe('Le Van La');
  });

  it('reports every signature untrusted when no root is configured', async () => {
    const checked = await verifyPdfSignatures(await signPdf(unsigned, pki.leader), {
      ...options,
      trustedRoots: [],
    });
    expect(checked.verdict).toBe('untrusted');
  });

  it('reports a certificate expired at signing time as expired', async () => {
    const checked = await verifyPdfSignatures(await signPdf(unsigned, pki.expiredLeader), options);
    expect(checked.verdict).toBe('expired');
  });

  it('reports a byte changed in the signed range as modified', async () => {
    const checked = await verifyPdfSignatures(tamper(await signPdf(unsigned, pki.leader)), options);
    expect(checked.verdict).toBe('modified');
    expect(checked.signatures[0]!.reason).toMatch(/digest/);
  });

  it('reports bytes appended after the signature as modified, the signature itself still intact', async () => {
    const signed = await signPdf(unsigned, pki.leader);
    const checked = await verifyPdfSignatures(
      Buffer.concat([signed, Buffer.from('\n% appended\n')]),
      options,
    );
    expect(checked.verdict).toBe('modified');
    expect(checked.signatures[0]).toMatchObject({ verdict: 'valid', coversWholeDocument: false });
  });

  it('reports a byte range that leaves more than the signature out as malformed', async () => {
    const signed = await signPdf(unsigned, pki.leader);
    const text = signed.toString('latin1');
    const [, a, b, c, d] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/.exec(text)!;
    // Same width, so the file's offsets stay: the first range stops ten bytes early.
    const shorter = String(Number(b) - 10).padStart(b!.length, '0');
    const moved = text.replace(`/ByteRange [${a} ${b} ${c} ${d}`, `/ByteRange [${a} ${shorter} ${c} ${d}`);
    const checked = await verifyPdfSignatures(Buffer.from(moved, 'latin1'), options);
    expect(checked.verdict).toBe('malformed');
  });

  it('verifies each signature of incremental updates; the first no longer covers the whole file', async () => {
    const twice = await signPdf(await signPdf(unsigned, pki.leader), pki.stranger);
    const checked = await verifyPdfSignatures(twice, options);
    expect(checked.signatures.map((s) => [s.verdict, s.coversWholeDocument])).toEqual([
      ['valid', false],
      ['untrusted', true],
    ]);
    expect(checked.verdict).toBe('untrusted');
  });

  it('reads contents that are not CMS as malformed', async () => {
    const signed = (await signPdf(unsigned, pki.leader)).toString('latin1');
    const broken = signed.replace(/\/Contents <30/, '/Contents <31');
    const checked = await verifyPdfSignatures(Buffer.from(broken, 'latin1'), options);
    expect(checked.verdict).toBe('malformed');
  });
});

describe('trustedSigningRoots', () => {
  it('reads the roots inline or from a file, none without the setting, and refuses a setting with no certificate', () => {
    expect(trustedSigningRoots({ TRUSTED_SIGNING_ROOTS: pki.trustedRootsPem })).toHaveLength(1);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'roots-')), 'roots.pem');
    writeFileSync(file, pki.trustedRootsPem + pki.trustedRootsPem);
    expect(trustedSigningRoots({ TRUSTED_SIGNING_ROOTS: file })).toHaveLength(2);
    expect(trustedSigningRoots({})).toEqual([]);
    expect(() => trustedSigningRoots({ TRUSTED_SIGNING_ROOTS: '/nowhere/roots.pem' })).toThrow(
      /no readable file/,
    );
    const empty = path.join(path.dirname(file), 'empty.pem');
    writeFileSync(empty, 'not a certificate');
    expect(() => trustedSigningRoots({ TRUSTED_SIGNING_ROOTS: empty })).toThrow(/no PEM certificate/);
  });
});
