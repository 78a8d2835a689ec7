/**
 * Encodings written the way the Arm ARM draws them: a 32-bit layout from bit 31 down to bit 0,
 * as space-separated tokens that are either fixed bits (`100010`, `x` = any) or named fields
 * (`imm12:12`). The field names are checked at compile time through template literal types, so
 * a decoder body can only read fields its layout declares.
 */

type Token<P extends string> = P extends `${infer H} ${infer T}` ? H | Token<T> : P;
type FieldName<T> = T extends `${infer N}:${string}` ? N : never;
export type Fields<P extends string> = { readonly [K in FieldName<Token<P>>]: number };

export interface Layout {
  readonly mask: number;
  readonly value: number;
  readonly fields: readonly (readonly [name: string, shift: number, width: number])[];
  /** The fields of a word as one object literal of fixed shape (see compileExtractor). */
  readonly extract: (word: number) => Record<string, number>;
}

export function parseLayout(pattern: string): Layout {
  let bit = 32;
  let mask = 0;
  let value = 0;
  const fields: [string, number, number][] = [];
  for (const token of pattern.split(/\s+/)) {
    const named = /^([A-Za-z][A-Za-z0-9]*):(\d+)$/.exec(token);
    if (named) {
      const width = Number(named[2]);
      bit -= width;
      fields.push([named[1]!, bit, width]);
      continue;
    }
    if (!/^[01x]+$/.test(token)) throw new Error(`bad layout token '${token}' in '${pattern}'`);
    for (const c of token) {
      bit -= 1;
      if (c !== 'x') {
        mask |= 1 << bit;
        if (c === '1') value |= 1 << bit;
      }
    }
  }
  if (bit !== 0) throw new Error(`layout '${pattern}' covers ${32 - bit} bits, not 32`);
  return { mask: mask >>> 0, value: value >>> 0, fields, extract: compileExtractor(fields) };
}

/**
 * Field extraction runs once per decoded word, so it is generated from the layout as a single
 * object literal: V8 gives it one fixed shape, where building the object key by key was the
 * decoder's main cost. Names come from our own layout strings (checked identifiers above).
 */
function compileExtractor(fields: readonly (readonly [string, number, number])[]): (word: number) => Record<string, number> {
  const body = fields.map(([name, shift, width]) => `${name}: (w >>> ${shift}) & ${(2 ** width - 1) >>> 0}`).join(', ');
  return new Function('w', `return { ${body} };`) as (word: number) => Record<string, number>;
}

/** Sign-extend the low `bits` bits of `v`. */
export function signExtend(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}
