// The signing module on its own: the KMS signer gives exactly the local signer's PAdES signature through the same
// interface, the CMS carries what PAdES baseline asks (and no signing-time attribute), a chain for another key or out
// of order is refused, and the certification request is signed by the key it names.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentSigning, type DevelopmentSigning } from '../../local/signing-ca.js';
import { kmsSigningKey } from '../../shared/adapters/kms-signing-key.js';
import { localSigningKey } from '../../shared/adapters/local-signing-key.js';
import { renderRefusal } from '../../shared/dossier/letters.js';
import { loadReceiptFont } from '../../shared/dossier/receipt.js';
import { CertificateChainError } from '../../shared/signing/certificates.js';
import { SigningKeyMismatchError } from '../../shared/signing/cms.js';
import { certificationRequest } from '../../shared/signing/csr.js';
import { pdfSigner, type SignatureDetails } from '../../shared/signing/pades.js';
import { chainVerifies, misplacedObjects, pdfsig, signatureOf, signatureTexts } from '../support/signing.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'signing-'));
let ca: DevelopmentSigning;
let other: DevelopmentSigning;
let pdf: Buffer;
beforeAll(async () => {
  [ca, other] = await Promise.all([
    developmentSigning(path.join(dir, 'ca')),
    developmentSigning(path.join(dir, 'other')),
  ]);
  const at = Date.parse('2026-12-01T08:00:00Z');
  pdf = await renderRefusal(loadReceiptFont(), {
    agencyName: 'Ủy ban nhân dân phường Long An',
    place: 'Long An',
    code: '000.01.00.H56-261201-0001',
    procedureName: 'Đăng ký khai sinh',
    applicantName: 'Nguyễn Thị Bình',
    receivedAt: at,
    issuedAt: at,
    signedBy: 'Trần Văn Minh',
    reason: 'Hồ sơ không thuộc thẩm quyền',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const details: SignatureDetails = {
  name: 'Ủy ban nhân dân phường Long An',
  reason: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ 000.01.00.H56-261201-0001',
  location: 'Long An',
  signingTime: new Date('2026-12-01T08:00:00Z'),
};
const text = (file: string) => readFileSync(file, 'utf8');
const KEY_ARN = 'arn:aws:kms:ap-southeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A KMS client answering Sign with the local key, recording each request as KMS would receive it. */
function fakeKms(keyFile: string) {
  const requests: SignCommand['input'][] = [];
  const local = localSigningKey(text(keyFile));
  const client = {
    send: async (command: SignCommand) => {
      if (!(command instanceof SignCommand)) throw new Error('Only Sign is expected');
      requests.push(command.input);
      return { KeyId: command.input.KeyId, Signature: await local.signDigest(command.input.Message!) };
    },
  } as unknown as Pick<KMSClient, 'send'>;
  return { client, requests };
}

describe('the PDF signer', () => {
  it('signs through KMS exactly as through the local key, sending KMS only a digest', async () => {
    const kms = fakeKms(ca.keyFile);
    const viaKms = await pdfSigner(kmsSigningKey(kms.client, KEY_ARN), text(ca.chainFile)).sign(pdf, details);
    const viaFile = await pdfSigner(localSigningKey(text(ca.keyFile)), text(ca.chainFile)).sign(pdf, details);
    expect(kms.requests).toHaveLength(1);
    expect(kms.requests[0]).toMatchObject({
      KeyId: KEY_ARN,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    expect(kms.requests[0]!.Message).toHaveLength(32);
    // RSASSA-PKCS1-v1_5 is deterministic: the same key, facts and time give the same bytes, whichever way signed.
    expect(viaKms.equals(viaFile)).toBe(true);
    const report = await pdfsig(viaKms);
    expect(report.validations, report.output).toEqual(['Signature is Valid.']);
    expect(report.output).toContain('Signing Time: Dec 01 2026 08:00:00');
    expect(await chainVerifies(viaKms, ca.caFile)).toBe(true);
    expect(await chainVerifies(viaKms, other.caFile)).toBe(false);
  });

  it('embeds the chain and the PAdES signed attributes: content type, digest, signing certificate v2, no signing time', async () => {
    const signed = await pdfSigner(localSigningKey(text(ca.keyFile)), text(ca.chainFile)).sign(pdf, details);
    const { cms, signed: bytes } = signatureOf(signed);
    const content = pkijs.ContentInfo.fromBER(cms);
    const signedData = new pkijs.SignedData({ schema: content.content });
    expect(signedData.certificates).toHaveLength(2);
    expect(signedData.encapContentInfo.eContent).toBeUndefined();
    const attributes = signedData.signerInfos[0]!.signedAttrs!.attributes;
    expect(attributes.map((a) => a.type)).toEqual([
      '1.2.840.113549.1.9.3',
      '1.2.840.113549.1.9.4',
      '1.2.840.113549.1.9.16.2.47',
    ]);
    const digest = Buffer.from(attributes[1]!.values[0]!.valueBlock.valueHexView);
    expect(digest.toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    const leaf = signedData.certificates![0] as pkijs.Certificate;
    const certHash = Buffer.from(
      attributes[2]!.values[0]!.valueBlock.value[0].valueBlock.value[0].valueBlock.value[0].valueBlock
        .valueHexView,
    );
    expect(certHash.toString('hex')).toBe(
      createHash('sha256').update(Buffer.from(leaf.toSchema().toBER())).digest('hex'),
    );
    expect(signed.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(signed.toString('latin1')).toMatch(/\/M \(D:20261201080000Z\)/);
  });

  it('names the signer and the reason with their diacritics (UTF-16BE text strings), and the signature still verifies', async () => {
    const signed = await pdfSigner(localSigningKey(text(ca.keyFile)), text(ca.chainFile)).sign(pdf, details);
    expect(signatureTexts(signed)).toEqual({
      Name: 'Ủy ban nhân dân phường Long An',
      Reason: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ 000.01.00.H56-261201-0001',
      // ASCII stays a literal string, as written.
      Location: 'Long An',
      ContactInfo: '',
    });
    expect(signed.toString('latin1')).toContain('/Location (Long An)');
    // The texts were swapped in after placeholder-plain wrote its cross-reference table: every offset still holds.
    expect(misplacedObjects(signed)).toEqual([]);
    // poppler reads the file without repairing anything (it would say so on stderr).
    const file = path.join(dir, 'texts.pdf');
    writeFileSync(file, signed);
    const { stderr } = await run('pdfinfo', [file]);
    expect(stderr).toBe('');
    const report = await pdfsig(signed);
    expect(report.validations, report.output).toEqual(['Signature is Valid.']);
    expect(report.wholeDocument).toBe(true);
    expect(await chainVerifies(signed, ca.caFile)).toBe(true);
    // pdfsig prints the certificate's names, not the dictionary's /Name (poppler's utils/pdfsig.cc): the CMS
    // signer stays the development certificate's.
    expect(report.signer).toBe('Mot cua dien tu development signing');
  });

  it('refuses to sign with a chain issued for another key, and refuses a chain out of order', async () => {
    const mismatched = pdfSigner(localSigningKey(text(other.keyFile)), text(ca.chainFile));
    await expect(mismatched.sign(pdf, details)).rejects.toThrow(SigningKeyMismatchError);
    const [leaf, root] = text(ca.chainFile).split(/(?<=-----END CERTIFICATE-----\n)/);
    expect(() => pdfSigner(localSigningKey(text(ca.keyFile)), `${root}${leaf}`)).toThrow(
      CertificateChainError,
    );
    expect(() => pdfSigner(localSigningKey(text(ca.keyFile)), '')).toThrow(CertificateChainError);
  });
});

describe('the certification request', () => {
  it('names the subject and the key, and is signed by that key through KMS', async () => {
    const kms = fakeKms(ca.keyFile);
    const spki = new Uint8Array(
      createPublicKey(createPrivateKey(text(ca.keyFile))).export({ type: 'spki', format: 'der' }),
    );
    const pem = await certificationRequest(
      kmsSigningKey(kms.client, KEY_ARN),
      spki,
      'CN=Sở Tư pháp tỉnh Tây Ninh,O=UBND tỉnh Tây Ninh,C=VN',
    );
    expect(kms.requests).toHaveLength(1);
    const file = path.join(dir, 'request.csr');
    writeFileSync(file, pem);
    const { stdout, stderr } = await run('openssl', [
      'req',
      '-in',
      file,
      '-verify',
      '-noout',
      '-subject',
      '-pubkey',
      '-nameopt',
      'utf8',
    ]);
    expect(`${stdout}${stderr}`).toContain('verify OK');
    expect(stdout).toContain('CN=Sở Tư pháp tỉnh Tây Ninh, O=UBND tỉnh Tây Ninh, C=VN');
    expect(stdout).toContain(
      createPublicKey(createPrivateKey(text(ca.keyFile))).export({ type: 'spki', format: 'pem' }),
    );
  });
});
