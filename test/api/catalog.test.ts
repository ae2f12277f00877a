import { describe, expect, it } from 'vitest';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';

const local = useLocalStack();

interface Page {
  items: {
    code: string;
    name: string;
    agency: { code: string; name: string };
    serviceLevel: { onlineService: string; legacyLevel: number };
  }[];
  nextCursor: string | null;
}

describe('the catalog over HTTP', () => {
  it('answers health with the catalog reachable', async () => {
    const response = await call(local.stack, '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', checks: { catalog: 'ok' } });
  });

  it('lists the agencies', async () => {
    const response = await call<{ items: { code: string; name: string }[] }>(local.stack, '/agencies');
    expect(response.status).toBe(200);
    expect(response.body.items.map((a) => a.name)).toContain('Sở Tư pháp tỉnh Tây Ninh');
  });

  it('finds procedures ignoring diacritics and case', async () => {
    const response = await call<Page>(local.stack, '/procedures?q=giay%20phep%20XAY%20dung');
    expect(response.status).toBe(200);
    expect(response.body.items.map((p) => p.name)).toEqual([
      'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    ]);
  });

  it('finds by Vietnamese text with diacritics too, and by code', async () => {
    const withMarks = await call<Page>(
      local.stack,
      `/procedures?q=${encodeURIComponent('Đăng ký khai sinh')}`,
    );
    expect(withMarks.body.items.map((p) => p.code)).toEqual(['1.001193']);
    const byCode = await call<Page>(local.stack, '/procedures?q=2.000488');
    expect(byCode.body.items.map((p) => p.code)).toEqual(['2.000488']);
  });

  it('filters by agency and by service level', async () => {
    const byAgency = await call<Page>(local.stack, '/procedures?agency=000.02.00.H56');
    expect(byAgency.body.items.length).toBeGreaterThan(0);
    expect(new Set(byAgency.body.items.map((p) => p.agency.code))).toEqual(new Set(['000.02.00.H56']));
    const partly = await call<Page>(local.stack, '/procedures?serviceLevel=mot-phan');
    expect(partly.body.items.length).toBeGreaterThan(0);
    expect(partly.body.items.every((p) => p.serviceLevel.onlineService === 'mot-phan')).toBe(true);
    const level3 = await call<Page>(local.stack, '/procedures?serviceLevel=3');
    expect(level3.body.items.map((p) => p.code)).toEqual(partly.body.items.map((p) => p.code));
    const combined = await call<Page>(local.stack, '/procedures?agency=000.01.00.H56&q=ho%20tich&pageSize=2');
    expect(combined.body.items.every((p) => p.agency.code === '000.01.00.H56')).toBe(true);
  });

  it('pages through every procedure with the cursor, none twice, none missed', async () => {
    const codes: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: { body: Page } = await call<Page>(local.stack, `/procedures?pageSize=4${query}`);
      codes.push(...page.body.items.map((p) => p.code));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    const all = await call<Page>(local.stack, '/procedures?pageSize=100');
    expect(codes).toEqual(all.body.items.map((p) => p.code));
    expect(new Set(codes).size).toBe(11);
    expect(all.body.nextCursor).toBeNull();
  });

  it('pages a filtered search without skipping matches', async () => {
    const first = await call<Page>(local.stack, '/procedures?q=dang%20ky&pageSize=1');
    const second = await call<Page>(
      local.stack,
      `/procedures?q=dang%20ky&pageSize=1&cursor=${first.body.nextCursor}`,
    );
    const all = await call<Page>(local.stack, '/procedures?q=dang%20ky&pageSize=100');
    expect([...first.body.items, ...second.body.items].map((p) => p.code)).toEqual(
      all.body.items.slice(0, 2).map((p) => p.code),
    );
  });

  it('describes one procedure: documents, fee, time, levels, agency, routing and supplement policy', async () => {
    const response = await call<Record<string, unknown>>(local.stack, '/procedures/2.000488');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      code: '2.000488',
      agency: { code: '000.00.02.H56', name: 'Sở Tư pháp tỉnh Tây Ninh' },
      processingDays: 10,
      fee: { amountVnd: 200000 },
      supplementPolicy: 'restart',
      serviceLevel: { onlineService: 'toan-trinh', legacyLevel: 4 },
    });
    const documents = response.body.requiredDocuments as {
      acceptedContentTypes: string[];
      maxSizeBytes: number;
    }[];
    expect(documents[0]).toMatchObject({
      acceptedContentTypes: expect.arrayContaining(['application/pdf']),
      maxSizeBytes: 5 * 1024 * 1024,
    });
    const steps = response.body.routingSteps as { agency: { name: string }; workingDays: number }[];
    expect(steps.map((s) => s.agency.name)).toContain('Công an tỉnh Tây Ninh');
    expect(steps.reduce((sum, s) => sum + s.workingDays, 0)).toBe(10);
  });

  it('serves the OpenAPI 3.1 document built from the same schemas', async () => {
    const response = await call<{
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    }>(local.stack, '/openapi.json');
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/agencies',
        '/procedures',
        '/procedures/{code}',
        '/calendar/{year}',
        '/calendar/due-date',
      ]),
    );
    expect(response.body.paths['/procedures']?.get?.parameters?.map((p) => p.name)).toEqual([
      'q',
      'agency',
      'serviceLevel',
      'pageSize',
      'cursor',
      'accept-language',
    ]);
    expect(response.body.paths['/procedures/{code}']?.get?.parameters?.[0]).toEqual({
      name: 'code',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[0-9]\\.[0-9]{6}$' },
    });
    // JSON Schema's `\d` may match any Unicode digit: every pattern says [0-9].
    expect(JSON.stringify(response.body)).not.toContain('\\\\d');
    // Request bodies as the client sends them: a defaulted field is optional and keeps its default.
    const create = response.body.paths['/dossiers']?.post as {
      requestBody: {
        content: Record<string, { schema: { required: string[]; properties: Record<string, unknown> } }>;
      };
      responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    };
    const body = create.requestBody.content['application/json']!.schema;
    expect(body.required).toEqual(['procedureCode', 'applicant', 'channels']);
    expect(body.properties.language).toMatchObject({ default: 'vi', enum: ['vi', 'en'] });
    // Every error answer points at the one Problem component.
    expect(create.responses['400']!.content['application/problem+json']!.schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(response.body.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
    });
    expect(JSON.stringify(response.body)).not.toContain('$defs');
  });

  it('sends security headers and CORS for configured origins only', async () => {
    const allowed = await call(local.stack, '/agencies', { headers: { origin: 'http://localhost:5173' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    // A portal reads Retry-After and Allow only when they are exposed to it.
    expect(allowed.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('strict-transport-security')).toContain('max-age');
    const other = await call(local.stack, '/agencies', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});

describe('bad input to the catalog', () => {
  const cases: [string, string, RequestInit & { json?: unknown }, number, string[]][] = [
    ['an unknown parameter', '/procedures?colour=red', {}, 400, ['query.colour']],
    ['a page size out of range', '/procedures?pageSize=0', {}, 400, ['query.pageSize']],
    ['a page size that is not a number', '/procedures?pageSize=ten', {}, 400, ['query.pageSize']],
    ['a malformed agency code', '/procedures?agency=so%20tu%20phap', {}, 400, ['query.agency']],
    ['an unknown service level', '/procedures?serviceLevel=5', {}, 400, ['query.serviceLevel']],
    [
      'a forged cursor',
      '/procedures?cursor=eyJhIjoiMS4wMDExOTMiLCJmIjoiMDAwMDAwMDAwMDAwMDAwMCJ9',
      {},
      400,
      ['query.cursor'],
    ],
    ['a cursor that is not base64 JSON', '/procedures?cursor=%25%25%25', {}, 400, ['query.cursor']],
    ['a malformed procedure code', '/procedures/abc', {}, 400, ['path.code']],
    ['an unknown procedure code', '/procedures/9.999999', {}, 404, []],
    ['an unknown path', '/no-such-thing', {}, 404, []],
    ['the bare root', '/', {}, 404, []],
    ['a wrong method', '/procedures', { method: 'DELETE' }, 405, []],
    [
      'a text body to an unknown path',
      '/no-such-thing',
      { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } },
      404,
      [],
    ],
  ];

  it.each(cases)('answers %s with problem+json', async (_name, path, init, status, fields) => {
    const response = await call(local.stack, path, init);
    expect(response.status).toBe(status);
    const problem = problemOf(response);
    expect(problem.contentType).toBe('application/problem+json');
    expect(problem.status).toBe(status);
    expect(problem.fields).toEqual(expect.arrayContaining(fields));
  });

  it('lists the methods a path supports in the Allow header of a 405, each once', async () => {
    const wrong = await call<{ detail: string }>(local.stack, '/calendar/due-date', {
      method: 'DELETE',
      language: 'vi',
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(wrong.body.detail).toMatch(/dùng GET$/);
    const procedures = await call(local.stack, '/procedures', { method: 'PUT' });
    expect(procedures.headers.get('allow')).toBe('GET');
  });

  it('rejects a cursor from another query', async () => {
    const page = await call<Page>(local.stack, '/procedures?pageSize=2');
    const reused = await call(local.stack, `/procedures?pageSize=3&cursor=${page.body.nextCursor}`);
    expect(problemOf(reused)).toMatchObject({ status: 400, fields: ['query.cursor'] });
  });

  it('speaks English or Vietnamese by Accept-Language', async () => {
    const english = await call<{ title: string }>(local.stack, '/procedures?pageSize=0', {
      language: 'en-US,en;q=0.9',
    });
    expect(english.body.title).toBe('Invalid input');
    expect(english.headers.get('content-language')).toBe('en');
    const vietnamese = await call<{ title: string }>(local.stack, '/procedures?pageSize=0', {
      language: 'vi-VN',
    });
    expect(vietnamese.body.title).toBe('Dữ liệu không hợp lệ');
    const unstated = await call<{ title: string }>(local.stack, '/procedures?pageSize=0');
    expect(unstated.body.title).toBe('Dữ liệu không hợp lệ');
  });

  it('never answers 500 or leaks a stack trace', async () => {
    const paths = [
      '/procedures?q=%00',
      '/procedures/%E0%A4%A',
      '/calendar/%FF',
      '/procedures?pageSize=1e400',
      `/procedures?q=${'a'.repeat(5000)}`,
    ];
    for (const path of paths) {
      const response = await call(local.stack, path);
      expect(response.status, path).toBeLessThan(500);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
