import { loadUnicorn } from './ffi.js';

/** A Unicorn call returned an error: a bug in how oopsreplay drives Unicorn, not user input. */
export class UnicornError extends Error {
  override readonly name = 'UnicornError';
  constructor(
    readonly code: number,
    readonly operation: string,
  ) {
    super(`${operation} failed: ${loadUnicorn().uc_strerror(code)} (uc_err ${code})`);
  }
}
