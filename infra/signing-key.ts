// The stage's document-signing key: an asymmetric KMS key (RSA_2048, SIGN_VERIFY) whose private half never leaves KMS.
// Only the functions that declare `signs` may call kms:Sign on it; the operator reads its public key for the CSR
// (`npm run signing:csr`) with their own credentials, and installs the chain the CA issued in its secret.
import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export class SigningKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { description: string; retain: boolean }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      description: props.description,
      // The certificate the province's CA issued names this key: losing it means a new certificate.
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new CfnOutput(scope, 'SigningKeyArn', {
      value: this.key.keyArn,
      description: 'The KMS key forms are signed with: npm run signing:csr -- --key-id <this> --subject …',
    });
  }

  /** kms:Sign on this key alone: the role can sign digests, never read, export or manage the key. */
  grantSign(role: Role): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Sign'], resources: [this.key.keyArn] }));
  }
}
