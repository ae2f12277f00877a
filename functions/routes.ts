// Every public route contract, for the app definition and the OpenAPI document.
import { calendarYearRoute, dueDateRoute } from './calendar/contract.js';
import { getProcedureRoute, listAgenciesRoute, searchProceduresRoute } from './catalog/contract.js';
import { healthRoute, openApiRoute } from './platform/contract.js';

/** The documented routes; the catch-all `notFoundRoute` is declared in the app definition only. */

export const routes = {
  health: healthRoute,
  openApi: openApiRoute,
  listAgencies: listAgenciesRoute,
  searchProcedures: searchProceduresRoute,
  getProcedure: getProcedureRoute,
  calendarYear: calendarYearRoute,
  dueDate: dueDateRoute,
};
