// Every answer the HTTP tests receive, checked against the OpenAPI document the stack serves, so the contract
// cannot drift from what the API does: the status is declared for the operation (or, for a request no operation
// takes, the catch-all's 404/405), the content type is declared, the body is valid against its schema (JSON Schema
// 2020-12), required headers are there and valid, and headers that matter to a client are declared.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { matchRoute } from '../../shared/http/route-match.js';

export interface RecordedResponse {
  method: string;
  /** The path without its query. */
  path: string;
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
}

const recorded: RecordedResponse[] = [];

/** Recording is one push per answer; the check runs once per test file, after its tests. */
export function recordResponse(response: RecordedResponse): void {
  recorded.push(response);
}

export function takeRecorded(): RecordedResponse[] {
  return recorded.splice(0);
}

interface HeaderObject {
  required?: boolean;
  schema?: unknown;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema?: unknown }>;
}
type Operation = { responses: Record<string, ResponseObject> };
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, ResponseObject> };
}

/** Headers a client acts on: present on an answer, each must be declared for it. */
const NOTABLE_HEADERS = [
  'allow',
  'cache-control',
  'content-disposition',
  'content-language',
  'etag',
  'location',
  'retry-after',
  'vary',
  'www-authenticate',
];

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export function contractChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the default export's `default` under NodeNext.
  formats.default(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(document as object, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path, target: path })),
  );

  /** Where the document says this answer is described, or why it is not. */
  function declared(response: RecordedResponse): { pointer: string; object: ResponseObject } | string {
    const matched = matchRoute(operations, response.method, response.path);
    if (matched) {
      const path = matched.route.path;
      const pointer = `/paths/${escape(path)}/${response.method.toLowerCase()}/responses/${response.status}`;
      const object = document.paths[path]?.[response.method.toLowerCase()]?.responses[response.status];
      return object ? { pointer, object } : `status ${response.status} is not declared`;
    }
    const methods = [
      ...new Set(
        operations.filter((op) => matchRoute([op], op.method, response.path)).map((op) => op.method),
      ),
    ].sort();
    const name = methods.length > 0 ? 'MethodNotAllowed' : 'NotFound';
    const expected = methods.length > 0 ? 405 : 404;
    if (response.status !== expected)
      return `a request no operation takes answered ${response.status}, not ${expected}`;
    if (methods.length > 0 && response.headers.get('allow') !== methods.join(', '))
      return `allow is ${response.headers.get('allow')}, not ${methods.join(', ')}`;
    const object = document.components.responses?.[name];
    return object
      ? { pointer: `/components/responses/${name}`, object }
      : `components.responses.${name} is missing`;
  }

  /** What is wrong with one answer; empty when it is as the document says. */
  function violations(response: RecordedResponse): string[] {
    const found = declared(response);
    if (typeof found === 'string') return [found];
    const { pointer, object } = found;
    const problems: string[] = [];
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const empty = response.body === undefined || response.body === '';
    if (!object.content) {
      if (!empty) problems.push(`a body (${contentType}) where none is declared`);
    } else if (!object.content[contentType]) {
      problems.push(`content type ${contentType || '(none)'} is not declared`);
    } else if (contentType === 'application/json' || contentType.endsWith('+json')) {
      const validate = validatorAt(`${pointer}/content/${escape(contentType)}/schema`);
      if (!validate(response.body))
        problems.push(
          `body: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(response.body).slice(0, 300)}`,
        );
    } else if (empty) {
      problems.push(`an empty ${contentType} body`);
    }
    for (const [name, header] of Object.entries(object.headers ?? {})) {
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      if (header.schema) {
        const validate = validatorAt(`${pointer}/headers/${escape(name)}/schema`);
        if (!validate(value)) problems.push(`header ${name}: ${value} ${ajv.errorsText(validate.errors)}`);
      }
    }
    for (const name of NOTABLE_HEADERS)
      if (response.headers.has(name) && !object.headers?.[name])
        problems.push(`header ${name} is not declared`);
    return problems;
  }

  return {
    /** Each answer that breaks the contract, with what is wrong with it. */
    check(responses: readonly RecordedResponse[]): string[] {
      return responses.flatMap((response) =>
        violations(response).map(
          (problem) => `${response.method} ${response.path} → ${response.status}: ${problem}`,
        ),
      );
    },
  };
}

/** Answers the document does not describe: the local-only `/dev/*` routes and CORS preflights. */
export const described = (response: RecordedResponse) =>
  !response.path.startsWith('/dev/') && response.method !== 'OPTIONS';
