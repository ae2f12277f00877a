// CPU time of this process and of the DynamoDB Local JVM the stack started, for the benchmarks that ask which of the
// two a round kept busy. The JVM's comes from /proc (Linux); elsewhere it is reported as not measured.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every architecture Node supports). */
const TICKS_PER_SECOND = 100;

/** The pid of the DynamoDB Local JVM listening on `port`, or null (not Linux, or not found). */
export function dynamoDbLocalPid(port: number): number | null {
  if (process.platform !== 'linux') return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-port');
      if (args.some((arg) => arg.includes('DynamoDBLocal')) && at >= 0 && args[at + 1] === String(port))
        return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return null;
}

/** CPU seconds (user + system) a process has used so far, or null when it cannot be read. */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (in parentheses, which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Starts measuring; the result gives each side's share of one core over the wall time since (null: not measured). */
export function cpuMeter(jvmPid: number | null) {
  const startedAt = performance.now();
  const node = process.cpuUsage();
  const jvm = jvmPid === null ? null : processCpuSeconds(jvmPid);
  return () => {
    const wall = (performance.now() - startedAt) / 1000;
    const used = process.cpuUsage(node);
    const jvmNow = jvmPid === null ? null : processCpuSeconds(jvmPid);
    return {
      node: (used.user + used.system) / 1e6 / wall,
      jvm: jvm === null || jvmNow === null ? null : (jvmNow - jvm) / wall,
    };
  };
}
