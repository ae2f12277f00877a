import { describe, expect, it } from 'vitest';
import { deploymentConfig } from '../../infra/deployment-config.js';

const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

const prodContext = {
  stage: 'prod',
  jwtIssuer: 'https://id.example.gov.vn/realms/mot-cua',
  jwtAudience: 'mot-cua-portal,mot-cua-officers',
  allowedOrigins: 'https://dichvucong.example.gov.vn, https://motcua.example.gov.vn',
  account: '123456789012',
  region: 'ap-southeast-1',
};

describe('the deployment configuration', () => {
  it('refuses prod without explicit values, naming every missing one and how to pass it', () => {
    const attempt = () => deploymentConfig(contextOf({ stage: 'prod' }), '999999999999');
    expect(attempt).toThrow(/missing: jwtIssuer, jwtAudience, allowedOrigins, account, region/);
    for (const flag of [
      '-c jwtIssuer=',
      '-c jwtAudience=',
      '-c allowedOrigins=',
      '-c account=',
      '-c region=',
    ])
      expect(attempt).toThrow(flag);
  });

  it('refuses prod when only some values are given, naming the rest', () => {
    const { account: _a, allowedOrigins: _o, ...partial } = prodContext;
    expect(() => deploymentConfig(contextOf({ ...partial, allowedOrigins: ' , ' }))).toThrow(
      /missing: allowedOrigins, account\./,
    );
  });

  it('takes prod exactly as given, with the region passed and never the CLI default', () => {
    const previous = process.env.CDK_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'us-east-1';
    try {
      expect(deploymentConfig(contextOf(prodContext), '999999999999')).toEqual({
        stage: 'prod',
        jwtIssuer: 'https://id.example.gov.vn/realms/mot-cua',
        jwtAudience: ['mot-cua-portal', 'mot-cua-officers'],
        allowedOrigins: ['https://dichvucong.example.gov.vn', 'https://motcua.example.gov.vn'],
        settings: {},
        account: '123456789012',
        region: 'ap-southeast-1',
      });
    } finally {
      if (previous === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = previous;
    }
  });

  it('lets dev synthesize offline with defaults in ap-southeast-1', () => {
    const config = deploymentConfig(contextOf({}), undefined);
    expect(config).toMatchObject({
      stage: 'dev',
      allowedOrigins: ['http://localhost:5173'],
      account: undefined,
      region: 'ap-southeast-1',
    });
    expect(deploymentConfig(contextOf({ stage: 'dev', region: 'ap-southeast-2' }), '1').region).toBe(
      'ap-southeast-2',
    );
  });

  it('refuses an unknown stage', () => {
    expect(() => deploymentConfig(contextOf({ stage: 'production' }))).toThrow(/dev or prod/);
  });
});
