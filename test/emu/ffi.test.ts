import { describe, expect, it } from 'vitest';
import { LIBRARY_ENV, openUnicorn } from '../../emu/ffi.js';
import { UserError } from '../../src/errors.js';

describe('finding libunicorn', () => {
  it('finds Unicorn 2 by its soname', () => {
    expect(openUnicorn(undefined).version).toMatch(/^2\./);
  });

  it('names the package to install when the library is missing', () => {
    const missing = () => openUnicorn(undefined, ['/nonexistent/libunicorn.so.2']);
    expect(missing).toThrow(UserError);
    expect(missing).toThrow(/libunicorn \(Unicorn 2\) not found: install Unicorn 2 \(Debian\/Ubuntu: apt-get install libunicorn2/);
  });

  it(`uses only ${LIBRARY_ENV} when it is set`, () => {
    expect(() => openUnicorn('/nonexistent/libunicorn.so')).toThrow(new RegExp(`${LIBRARY_ENV}=/nonexistent/libunicorn.so cannot be loaded`));
  });
});
