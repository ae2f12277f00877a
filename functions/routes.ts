// Every public route contract, for the app definition and the OpenAPI document.
import { calendarYearRoute, dueDateRoute } from './calendar/contract.js';
import { getProcedureRoute, listAgenciesRoute, searchProceduresRoute } from './catalog/contract.js';
import { healthRoute, openApiRoute } from './platform/contract.js';

export const routes = {
  health: healthRoute,
  openApi: openApiRoute,
  listAgencies: listAgenciesRoute,
  searchProcedures: searchProceduresRoute,
  getProcedure: getProcedureRoute,
  calendarYear: calendarYearRoute,
  dueDate: dueDateRoute,
};
