// The `debug` package's factory, done by Node's own util.debuglog: @tokenizer/inflate (file-type's ZIP reader) logs
// through it. Bundles alias the package to this module (infra/bundling.ts): the package with its terminal-colour
// and time-format helpers was about 10 KiB of the upload functions. Its messages show with NODE_DEBUG=<namespace>
// (NODE_DEBUG=tokenizer:inflate) rather than DEBUG=<namespace>.
import { debuglog } from 'node:util';

export interface Debugger {
  (formatter: unknown, ...args: unknown[]): void;
  readonly enabled: boolean;
  readonly namespace: string;
  extend(namespace: string, delimiter?: string): Debugger;
}

export default function createDebug(namespace: string): Debugger {
  const log = debuglog(namespace);
  const debug = (formatter: unknown, ...args: unknown[]) => log(String(formatter), ...args);
  return Object.assign(debug, {
    get enabled() {
      return log.enabled;
    },
    namespace,
    extend: (sub: string, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`),
  });
}
