import { UserError } from './errors.js';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * Splits `--name value`, `--name=value` and bare `--switch` arguments; `spec` lists which
 * options take a value, so that an unknown option is an error rather than a silent no-op.
 */
export function parseArgs(argv: string[], spec: { values: string[]; switches: string[] }): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    flags.set(name, [...(flags.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    if (spec.switches.includes(name) && eq < 0) {
      add(name, 'true');
    } else if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UserError(`option --${name} needs a value`);
      add(name, value);
    } else {
      throw new UserError(`unknown option '${arg}'; run with --help for the list`);
    }
  }
  return { positional, flags };
}

export function intOption(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.flags.get(name)?.at(-1);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UserError(`--${name} expects a non-negative integer, got '${raw}'`);
  return Number(raw);
}

/** A count or bound: 1 or more, and small enough to be exact in a JS number. */
export function positiveIntOption(args: ParsedArgs, name: string, fallback: number): number {
  const value = intOption(args, name, fallback);
  if (value < 1 || !Number.isSafeInteger(value)) throw new UserError(`--${name} expects a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got '${args.flags.get(name)?.at(-1)}'`);
  return value;
}
