// A fresh Debian root without compiler, dev packages or the build folder, for the tests of what
// scripts/package makes: `debootstrap --variant=minbase bookworm` from the Debian mirror, made once
// and kept in build/minbase-root. Needs root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

export const MINBASE = path.join(ROOT, 'build', 'minbase-root');
const MIRROR = process.env.VARLET_DEBIAN_MIRROR || 'http://deb.debian.org/debian';

export function minbaseRoot() {
  if (fs.existsSync(path.join(MINBASE, 'usr', 'bin', 'ldd'))) return MINBASE;
  const making = `${MINBASE}.partial`;
  fs.rmSync(making, { recursive: true, force: true });
  execFileSync('debootstrap', ['--variant=minbase', 'bookworm', making, MIRROR], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.renameSync(making, MINBASE);
  return MINBASE;
}

// The same root with systemd installed, as a Debian server has it: for the Debian package's unit.
// Made once from the minbase root and kept in build/minbase-systemd-root.
export function systemdRoot() {
  const root = path.join(ROOT, 'build', 'minbase-systemd-root');
  if (fs.existsSync(path.join(root, 'usr', 'bin', 'systemd-analyze'))) return root;
  const making = `${root}.partial`;
  fs.rmSync(making, { recursive: true, force: true });
  execFileSync('cp', ['-a', '--one-file-system', minbaseRoot(), making]);
  fs.copyFileSync('/etc/resolv.conf', path.join(making, 'etc', 'resolv.conf'));
  const apt = (...args) => execFileSync('chroot', [making, 'apt-get', ...args],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'systemd');
  fs.renameSync(making, root);
  return root;
}
