// Route matching with API Gateway HTTP API precedence: static segments, then variables, then greedy {proxy+}.

export interface GatewayRoute<T> {
  method: string;
  path: string;
  target: T;
}

interface Segment {
  kind: 'static' | 'param' | 'greedy';
  value: string;
}

const parseTemplate = (path: string): Segment[] =>
  path
    .split('/')
    .filter(Boolean)
    .map((s) =>
      s.startsWith('{') && s.endsWith('+}')
        ? { kind: 'greedy', value: s.slice(1, -2) }
        : s.startsWith('{') && s.endsWith('}')
          ? { kind: 'param', value: s.slice(1, -1) }
          : { kind: 'static', value: s },
    );

/** A template's segments, parsed once: the gateway matches every request against every route. */
const parsed = new Map<string, Segment[]>();
function parse(path: string): Segment[] {
  let segments = parsed.get(path);
  if (!segments) parsed.set(path, (segments = parseTemplate(path)));
  return segments;
}

/** Matches a path against route templates, preferring static segments, then variables, then greedy ones. */
export function matchRoute<T>(routes: readonly GatewayRoute<T>[], method: string, rawPath: string) {
  const parts = rawPath
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const candidates: { route: GatewayRoute<T>; params: Record<string, string>; score: number[] }[] = [];
  for (const route of routes) {
    const segments = parse(route.path);
    const params: Record<string, string> = {};
    const score: number[] = [];
    let matched = true;
    for (let i = 0; i < segments.length && matched; i += 1) {
      const segment = segments[i]!;
      if (segment.kind === 'greedy') {
        if (i >= parts.length) matched = false;
        else params[segment.value] = parts.slice(i).join('/');
        score.push(0);
        break;
      }
      const part = parts[i];
      if (part === undefined) matched = false;
      else if (segment.kind === 'static') {
        matched = segment.value === part;
        score.push(2);
      } else {
        params[segment.value] = part;
        score.push(1);
      }
    }
    const last = segments.at(-1);
    if (matched && last?.kind !== 'greedy' && segments.length !== parts.length) matched = false;
    if (matched) candidates.push({ route, params, score });
  }
  const byMethod = candidates.filter((c) => c.route.method === method || c.route.method === 'ANY');
  byMethod.sort(
    (a, b) =>
      compareScores(b.score, a.score) || Number(b.route.method !== 'ANY') - Number(a.route.method !== 'ANY'),
  );
  const best = byMethod[0];
  return best ? { route: best.route, pathParameters: best.params } : null;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
