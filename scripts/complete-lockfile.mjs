#!/usr/bin/env node
// The registry this project installs from serves only this machine's platform builds of native
// packages (@swc/core, @napi-rs/canvas, …), so `npm install` leaves their other-platform optional
// dependencies out of package-lock.json, and `npm ci` then refuses the lock as out of sync. This
// adds those entries back, with the os/cpu/libc their names state, exactly as npm writes them when
// it can see them; npm ci then skips them as it does any optional package for another platform.
// Run it after every `npm install` that changes dependencies: `node scripts/complete-lockfile.mjs`.
import fs from 'node:fs';
import { URL } from 'node:url';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'win32',
  'openharmony',
  'netbsd',
  'openbsd',
  'sunos',
  'aix',
];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  riscv64: 'riscv64',
  ppc64: 'ppc64',
  s390x: 's390x',
  loong64: 'loong64',
  wasm32: 'wasm32',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const entry = {};
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.find((part) => part in CPU);
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [CPU[cpu]];
  if (os === 'linux') {
    if (parts.some((part) => part.startsWith('musl'))) entry.libc = ['musl'];
    else if (parts.some((part) => part.startsWith('gnu'))) entry.libc = ['glibc'];
  }
  return entry;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform.os && !platform.cpu) continue; // not a platform build: leave it to npm
    packages[`node_modules/${name}`] = { version, ...platform, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
