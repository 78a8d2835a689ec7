import { readFileSync } from 'node:fs';
import { parseOops } from '../../src/oops/index.js';
import { analyse, readListing, type Analysis } from '../../src/pipeline.js';
import { buildTraceModel, type TraceModel } from '../../src/tui/model.js';

export const root = new URL('../../', import.meta.url).pathname;
export const MIPS_SEED = `${root}fixtures/seed-mips-copy-skb-header`;
export const ARM64_SEED = `${root}fixtures/seed-arm64-mod-sysfs-setup`;

/** The seed case analysed as the CLI does: its oops and its listing. */
export function seedAnalysis(dir: string, assume: readonly string[] = []): Analysis {
  const crash = parseOops(readFileSync(`${dir}/oops.txt`, 'utf8'), 0);
  return analyse(crash, { listing: readListing(`${dir}/listing.txt`) }, { assume });
}

export function seedModel(dir: string, assume: readonly string[] = []): TraceModel {
  return buildTraceModel(seedAnalysis(dir, assume));
}
