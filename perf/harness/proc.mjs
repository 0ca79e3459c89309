// What the kernel says about a process and its descendants: CPU seconds and memory, from /proc.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

// The process and every live descendant (nginx's workers, for example).
export function processTree(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(Number(entry));
  }
  const tree = [];
  const pending = [pid];
  while (pending.length) {
    const next = pending.pop();
    tree.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return tree;
}

// User + system CPU seconds of the process tree.
export function cpuSeconds(pid) {
  return processTree(pid).reduce((sum, p) => sum + (readStat(p)?.ticks ?? 0), 0) / CLOCK_TICKS;
}

function statusKilobytes(pid, key) {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

// Resident and peak resident memory (VmRSS, VmHWM) of the process tree, in MiB.
export function memory(pid) {
  const tree = processTree(pid);
  const sum = (key) => tree.reduce((total, p) => total + statusKilobytes(p, key), 0) / 1024;
  return { rss_mib: sum('VmRSS'), peak_rss_mib: sum('VmHWM') };
}
