// CPU-seconds of processes from Linux's /proc, for CI's figures (browser-server.ts, file-cpu.ts).
import { readdirSync, readFileSync } from 'node:fs';

/** utime, stime, cutime, cstime (fields 14 to 17 of /proc/PID/stat) and the parent's pid, or null once the process is gone. */
function stat(pid: number | string): { ppid: number; ticks: number } | null {
  try {
    // Fields after the command's closing parenthesis: state, ppid, … utime (12th), stime, cutime, cstime.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/**
 * The CPU-seconds (user + system) process `rootPid` has used so far, with those of its children it
 * has waited for, and with `descendants`, those of every process below it still running (and
 * theirs); null where there is no /proc. Chromium needs the descendants: its zygote and renderers
 * are not waited for by a process vitest waits for, so they never reach the shell's `times`.
 */
export function processTreeSeconds(rootPid: number, descendants: boolean): number | null {
  if (!descendants) {
    const own = stat(rootPid);
    // Linux counts in USER_HZ, 100 a second on every architecture node runs on.
    return own === null ? null : own.ticks / 100;
  }
  try {
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(entry);
      if (s === null) continue; // the process ended meanwhile
      parent.set(Number(entry), s.ppid);
      ticks.set(Number(entry), s.ticks);
    }
    const tree = new Set([rootPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parent) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
    }
    return [...tree].reduce((sum, pid) => sum + (ticks.get(pid) ?? 0), 0) / 100;
  } catch {
    return null;
  }
}
