// ANY /{proxy+}: every request no other route takes gets a problem+json 404, or 405 when the path exists.
import { httpHandler } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { matchRoute } from '../../shared/http/route-match.js';
import { routes } from '../routes.js';
import { notFoundRoute } from './not-found.route.js';

const known = Object.values(routes).map((route) => ({
  method: route.method,
  path: route.path,
  target: route,
}));

export const handler = httpHandler(notFoundRoute, async ({ event }) => {
  // Two templates can match one path (`/calendar/{year}` and `/calendar/due-date`): each method once.
  const methods = [
    ...new Set(
      known.filter((route) => matchRoute([route], route.method, event.rawPath)).map((route) => route.method),
    ),
  ].sort();
  if (methods.length > 0) {
    // RFC 9110 §15.5.6: a 405 lists the methods the resource supports.
    throw new HttpProblem(
      'method-not-allowed',
      {
        vi: `Không dùng được ${event.requestContext.http.method} với ${event.rawPath}; hãy dùng ${methods.join(', ')}`,
        en: `${event.requestContext.http.method} is not allowed on ${event.rawPath}; use ${methods.join(', ')}`,
      },
      [],
      { allow: methods.join(', ') },
    );
  }
  throw new HttpProblem('not-found', {
    vi: `Không có tài nguyên ${event.rawPath}`,
    en: `No resource at ${event.rawPath}`,
  });
});
