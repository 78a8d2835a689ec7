import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * Random access to the bytes of an input file without reading all of it: a 40 MB vmlinux is
 * read as its headers, its symbol table and the one function asked for.
 */
export interface ByteSource {
  /** For messages: the path the user gave. */
  readonly name: string;
  readonly size: number;
  /** Which file and version this is (device, inode, size, mtime), for caches across opens; absent for bytes in memory. */
  readonly identity?: string;
  /** Exactly `length` bytes from `offset`, or a UserError naming what was being read. */
  read(offset: number, length: number, what: string): Uint8Array;
  close(): void;
}

function checkBounds(source: { name: string; size: number }, offset: number, length: number, what: string): void {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw new UserError(
      `${source.name}: truncated or corrupt file: ${what} lies at 0x${offset.toString(16)}..0x${(offset + length).toString(16)} ` +
        `but the file has 0x${source.size.toString(16)} bytes; give the complete file`,
    );
  }
}

export function openFileSource(path: string): ByteSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    if (code === 'EACCES') throw new UserError(`${path}: permission denied`);
    throw err;
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new UserError(`${path}: is a directory, expected a file`);
  }
  const size = stat.size;
  return {
    name: path,
    size,
    identity: `${stat.dev}:${stat.ino}:${size}:${stat.mtimeMs}`,
    read(offset, length, what) {
      checkBounds(this, offset, length, what);
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) throw new UserError(`${path}: file shrank while being read (${what})`);
        done += n;
      }
      return out;
    },
    close() {
      closeSync(fd);
    },
  };
}

export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read(offset, length, what) {
      checkBounds(this, offset, length, what);
      return bytes.subarray(offset, offset + length);
    },
    close() {},
  };
}

/** Run `body` with the file open, closing it whatever happens. */
export function withFileSource<T>(path: string, body: (source: ByteSource) => T): T {
  const source = openFileSource(path);
  try {
    return body(source);
  } finally {
    source.close();
  }
}

/** A whole text file (System.map), with the same one-line errors as the binary inputs. */
export function readTextFile(path: string): string {
  return withFileSource(path, (s) => Buffer.from(s.read(0, s.size, 'the file')).toString('latin1'));
}
