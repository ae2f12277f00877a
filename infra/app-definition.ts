// The one app definition: every function with its trigger, size and access, and every table, bucket and queue.
// The CDK stack and the local runner are both built from it.
import { notFoundRoute } from '../functions/platform/contract.js';
import { routes } from '../functions/routes.js';
import type { RouteContract } from '../shared/http/route.js';
import { validateApp, type AppDefinition, type FunctionDefinition } from './app-model.js';

const http = (route: Pick<RouteContract, 'method' | 'path' | 'auth' | 'operationId'>) =>
  [{ type: 'http', route }] as const;

const catalogReader: FunctionDefinition['access'] = { tables: { catalog: 'read' } };

export const app: AppDefinition = validateApp({
  service: 'mot-cua',
  tables: {
    catalog: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: { byAgency: { partitionKey: 'procedureAgency', sortKey: 'sk' } },
    },
  },
  buckets: {},
  queues: {},
  functions: {
    health: {
      entry: 'functions/platform/health.ts',
      description: 'Liveness and catalog reachability',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.health),
      access: catalogReader,
    },
    openApi: {
      entry: 'functions/platform/openapi.ts',
      description: 'The OpenAPI 3.1 document',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.openApi),
    },
    notFound: {
      entry: 'functions/platform/not-found.ts',
      description: 'problem+json 404/405 for every request no other route takes',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(notFoundRoute),
    },
    listAgencies: {
      entry: 'functions/catalog/list-agencies.ts',
      description: 'Agencies that receive and process dossiers',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.listAgencies),
      access: catalogReader,
    },
    searchProcedures: {
      entry: 'functions/catalog/search-procedures.ts',
      description: 'Procedure search ignoring diacritics, by agency and service level',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.searchProcedures),
      access: catalogReader,
    },
    getProcedure: {
      entry: 'functions/catalog/get-procedure.ts',
      description: 'One procedure with documents, fee, time and routing',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.getProcedure),
      access: catalogReader,
    },
    calendarYear: {
      entry: 'functions/calendar/calendar-year.ts',
      description: 'Days off and make-up working days of a year',
      memoryMb: 256,
      timeoutSeconds: 5,
      triggers: http(routes.calendarYear),
    },
    dueDate: {
      entry: 'functions/calendar/due-date.ts',
      description: 'Due date of a procedure accepted at a given time',
      memoryMb: 256,
      timeoutSeconds: 10,
      triggers: http(routes.dueDate),
      access: catalogReader,
    },
  },
});
