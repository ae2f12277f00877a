// `npm run signing:csr -- --key-id <KMS key ARN> --subject "CN=…,O=…,C=VN" [--out request.csr]`: a certification
// request for the stage's signing key, signed by KMS with the operator's credentials (kms:GetPublicKey, kms:Sign), to
// send to the province's CA. `--key-file <PKCS#8 PEM>` instead of `--key-id` makes one for a local key.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { KMS_SIGNING_ALGORITHM, kmsSigningKey } from '../shared/adapters/kms-signing-key.js';
import { localSigningKey } from '../shared/adapters/local-signing-key.js';
import type { SigningKey } from '../shared/signing/cms.js';
import { certificationRequest } from '../shared/signing/csr.js';

const { values } = parseArgs({
  options: {
    'key-id': { type: 'string' },
    'key-file': { type: 'string' },
    subject: { type: 'string' },
    out: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!values.subject) fail('--subject "CN=<organisation>,O=<province>,C=VN" is required');
if (Boolean(values['key-id']) === Boolean(values['key-file']))
  fail('Give either --key-id (KMS) or --key-file');

let key: SigningKey;
let spki: Uint8Array;
if (values['key-id']) {
  const kms = new KMSClient({});
  const answer = await kms.send(new GetPublicKeyCommand({ KeyId: values['key-id'] }));
  if (answer.KeyUsage !== 'SIGN_VERIFY' || !answer.SigningAlgorithms?.includes(KMS_SIGNING_ALGORITHM))
    fail(`Key ${values['key-id']} cannot sign with ${KMS_SIGNING_ALGORITHM} (it is ${answer.KeySpec})`);
  key = kmsSigningKey(kms, answer.KeyId ?? values['key-id']);
  spki = answer.PublicKey!;
} else {
  const privateKey = createPrivateKey(readFileSync(values['key-file']!, 'utf8'));
  key = localSigningKey(privateKey);
  spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
}

const pem = await certificationRequest(key, spki, values.subject);
if (values.out) {
  writeFileSync(values.out, pem);
  console.error(
    `Wrote ${values.out}: send it to the CA, then install the chain it issues (README, "Signed forms").`,
  );
} else process.stdout.write(pem);
