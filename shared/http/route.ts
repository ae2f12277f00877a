// A route contract: method, path, access and zod schemas, declared once and used by the handler,
// the app definition (CDK and local runner) and the OpenAPI document.
import * as z from 'zod/mini';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
export type RouteAuth = 'public' | { roles: readonly string[] };

/** A response header the answer carries; `required` when every answer of that status carries it. */
export interface ResponseHeader {
  description: string;
  required?: boolean;
  schema?: z.ZodMiniType;
}

export interface RouteResponse {
  status: number;
  description: string;
  schema?: z.ZodMiniType;
  contentType?: string;
  headers?: Record<string, ResponseHeader>;
}

export interface RouteContract<
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
  B extends z.ZodMiniType = z.ZodMiniType,
> {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/procedures/{code}`. */
  path: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  /**
   * `ignoreBody`: the body is neither read nor checked (the catch-all answers 404/405 whatever was sent).
   * `headers`: the request headers the route's middleware requires (lower-case names), for the document.
   */
  request: {
    path?: P;
    query?: Q;
    body?: B;
    headers?: z.ZodMiniType;
    maxBodyBytes?: number;
    ignoreBody?: boolean;
    /**
     * A body taken as bytes of one content type (a PDF to verify), not JSON: the handler gets it as `binary`; a body
     * of another type is a 415, one over `maxBytes` a 413, and none at all a 400 naming `body`.
     */
    binaryBody?: { contentType: string; maxBytes: number; description: string };
    /**
     * One body schema per value of a path parameter (`POST /agency/dossiers/{id}/{action}`): the body is checked
     * against the schema of the value sent, and the document lists them all. `body` then types the union.
     */
    bodyByPath?: { parameter: string; schemas: Record<string, z.ZodMiniType> };
    /**
     * Bodies the document shows (OpenAPI Example Objects, by name). In the route, not in the schema's metadata:
     * zod leaves `examples` out of the input JSON Schema of a schema with defaults or transforms.
     */
    examples?: Record<string, { summary: string; value: unknown }>;
  };
  /** The route's own answers; those of the shared middleware and of API Gateway are added by the document. */
  responses: RouteResponse[];
}

export function defineRoute<
  P extends z.ZodMiniType = z.ZodMiniNever,
  Q extends z.ZodMiniType = z.ZodMiniNever,
  B extends z.ZodMiniType = z.ZodMiniNever,
>(route: RouteContract<P, Q, B>): RouteContract<P, Q, B> {
  return route;
}

/** The query of a route that takes no parameters: any parameter is a 400 naming it. */
export const noQuery = z.strictObject({});
