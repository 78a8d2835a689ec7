/**
 * An error the user can fix: bad input, a missing file or library. The CLI prints its message
 * as one line and exits with status 2; anything else is a bug in oopsreplay.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
