/**
 * Parser throughput: a 50 MB kernel log of ordinary dmesg lines with one real oops (the seed case)
 * at its end. Prints the figures as one JSON object on the last line.
 */
import { readFileSync } from 'node:fs';
import { parseOopses } from '../src/oops/index.js';

const SIZE = 50 * 1024 * 1024;
const oops = readFileSync(new URL('../../fixtures/seed-mips-copy-skb-header/oops.txt', import.meta.url), 'utf8');
const noise = [
  'wlan0: Trigger new scan to find an IBSS to join',
  'br-lan: port 2(wlan0) entered forwarding state',
  'random: crng init done',
  'usb 1-1: new high-speed USB device number 2 using ehci-platform',
  'nf_conntrack: default automatic helper assignment has been turned off for security reasons',
  'device eth0 entered promiscuous mode',
  'IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready',
];

const parts: string[] = [];
let size = 0;
for (let i = 0; size < SIZE - oops.length; i++) {
  const t = (i / 1000).toFixed(6).padStart(12, ' ');
  const line = `[${t}] ${noise[i % noise.length]}\n`;
  parts.push(line);
  size += line.length;
}
const log = parts.join('') + oops;
const megabytes = Buffer.byteLength(log) / (1024 * 1024);

const runs: number[] = [];
let found = 0;
for (let r = 0; r < 5; r++) {
  const start = process.hrtime.bigint();
  found = parseOopses(log).length;
  runs.push(Number(process.hrtime.bigint() - start) / 1e9);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)]!;
console.log(`parsed ${megabytes.toFixed(1)} MB, ${found} oops, median of ${runs.length} runs ${median.toFixed(3)} s`);
console.log(JSON.stringify({ benchmark: 'parse', megabytes: Number(megabytes.toFixed(1)), oopsesFound: found, secondsMedian: Number(median.toFixed(4)), megabytesPerSecond: Number((megabytes / median).toFixed(1)), goalMegabytesPerSecond: 50 }));
