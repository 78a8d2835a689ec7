/**
 * Benchmark: find a function in a large real vmlinux and read its bytes, as `report --vmlinux`
 * does for every oops. Each run starts from nothing (open, header, section table, symbol table,
 * the function): no state is kept between runs. The OS page cache is warm after the first run.
 * Usage: npm run bench:image [-- VMLINUX [FUNCTION...]]   (default: what bench/fetch-vmlinux.sh makes)
 * Prints one JSON object on its last line.
 */
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadVmlinuxFrom } from '../src/image/vmlinux.js';
import { findFunction, symbolize } from '../src/image/image.js';
import { parseSymbolSpec } from '../src/image/query.js';
import { openFileSource, type ByteSource } from '../src/image/source.js';

const DEFAULT = '/tmp/oopsreplay-bench/vmlinux';
const [given, ...names] = process.argv.slice(2);
const path = given ?? (existsSync(DEFAULT) ? DEFAULT : undefined);
if (path === undefined) {
  process.stderr.write('usage: npm run bench:image -- VMLINUX [FUNCTION...]  (sh bench/fetch-vmlinux.sh makes a 40 MB one)\n');
  process.exit(2);
}
const functions = names.length > 0 ? names : ['mod_sysfs_setup', '__copy_skb_header', 'do_sys_openat2'];
const RUNS = 15;

/** Counts what a load reads, to show it does not read the whole file. */
function counting(source: ByteSource): { source: ByteSource; bytes: () => number } {
  let total = 0;
  return {
    source: { ...source, read: (offset, length, what) => ((total += length), source.read(offset, length, what)) },
    bytes: () => total,
  };
}

function once(query: Parameters<typeof loadVmlinuxFrom>[1]): { ms: number; bytesRead: number; image: ReturnType<typeof loadVmlinuxFrom> } {
  const start = performance.now();
  const file = openFileSource(path as string);
  const counted = counting(file);
  try {
    const image = loadVmlinuxFrom(counted.source, query);
    return { ms: performance.now() - start, bytesRead: counted.bytes(), image };
  } finally {
    file.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const results = [];
for (const name of functions) {
  const byName = [] as number[];
  let first: ReturnType<typeof once> | null = null;
  for (let i = 0; i < RUNS; i++) {
    const r = once({ pc: null, symbol: parseSymbolSpec(`${name}+0x4`) });
    first ??= r;
    byName.push(r.ms);
  }
  const fn = findFunction((first as ReturnType<typeof once>).image, name);
  const inside = fn.address + (fn.size as bigint) / 2n;
  const byAddress = Array.from({ length: RUNS }, () => once({ pc: inside, symbol: null }).ms);
  // Naming call targets afterwards (the report's `bl sysfs_create_link`): the first lookup builds the address order.
  const fresh = once({ pc: inside, symbol: null }).image;
  const t0 = performance.now();
  symbolize(fresh, inside + 0x1000n);
  const firstSymbolizeMs = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 1n; i <= 100n; i++) symbolize(fresh, inside + i * 0x10000n);
  const symbolizeMs = (performance.now() - t1) / 100;
  const row = {
    function: name,
    size: Number(fn.size),
    symbols: (first as ReturnType<typeof once>).image.symbols.count,
    bytesRead: (first as ReturnType<typeof once>).bytesRead,
    firstMs: Number(byName[0]?.toFixed(1)),
    medianByNameMs: Number(median(byName).toFixed(1)),
    medianByAddressMs: Number(median(byAddress).toFixed(1)),
    maxMs: Number(Math.max(...byName, ...byAddress).toFixed(1)),
    firstSymbolizeMs: Number(firstSymbolizeMs.toFixed(1)),
    symbolizeMs: Number(symbolizeMs.toFixed(3)),
  };
  process.stdout.write(`${name}: ${JSON.stringify(row)}\n`);
  results.push(row);
}
const worstMedian = Math.max(...results.map((r) => Math.max(r.medianByNameMs, r.medianByAddressMs)));
process.stdout.write(
  JSON.stringify({ bench: 'image.loadVmlinux', file: path, fileBytes: statSync(path).size, runs: RUNS, goalMs: 300, worstMedianMs: worstMedian, worstMs: Math.max(...results.map((r) => r.maxMs)), results }) + '\n',
);
