/**
 * The C side of Unicorn 2: where the library is, and one table of the prototypes we call
 * (as Unicorn's Python binding keeps them in one place). Nothing here checks results; the
 * engine does. Prototypes follow /usr/include/unicorn/unicorn.h (libunicorn-dev 2.0.1).
 */
import koffi, { type LibraryHandle, type TypeObject } from 'koffi';
import { UserError } from '../src/errors.js';

export const LIBRARY_ENV = 'OOPSREPLAY_LIBUNICORN';

/** Sonames first (the dynamic linker's own search), then the usual install places. */
const CANDIDATES: Readonly<Record<string, readonly string[]>> = {
  linux: [
    'libunicorn.so.2',
    '/usr/lib/x86_64-linux-gnu/libunicorn.so.2',
    '/usr/lib/aarch64-linux-gnu/libunicorn.so.2',
    '/usr/lib64/libunicorn.so.2',
    '/usr/local/lib/libunicorn.so.2',
    'libunicorn.so',
  ],
  darwin: [
    'libunicorn.2.dylib',
    '/opt/homebrew/lib/libunicorn.2.dylib',
    '/usr/local/lib/libunicorn.2.dylib',
    'libunicorn.dylib',
  ],
};

const INSTALL_HINT =
  'install Unicorn 2 (Debian/Ubuntu: apt-get install libunicorn2; macOS: brew install unicorn) ' +
  `or set ${LIBRARY_ENV} to the library's path`;

/** A native pointer as koffi hands it over (opaque to us). */
export type Pointer = unknown;
/** uint64_t arguments: koffi takes either; callbacks receive a Number or BigInt, possibly negative. */
type U64 = number | bigint;

export const HookCodeProto = koffi.proto(
  'void uc_cb_hookcode_t(void *uc, uint64_t address, uint32_t size, void *user_data)',
);
export const HookMemProto = koffi.proto(
  'void uc_cb_hookmem_t(void *uc, int type, uint64_t address, int size, int64_t value, void *user_data)',
);
export const HookEventMemProto = koffi.proto(
  'bool uc_cb_eventmem_t(void *uc, int type, uint64_t address, int size, int64_t value, void *user_data)',
);
export const HookInterruptProto = koffi.proto('void uc_cb_hookintr_t(void *uc, uint32_t intno, void *user_data)');

export interface UnicornLibrary {
  readonly path: string;
  readonly version: string;
  uc_version(major: Uint32Array, minor: Uint32Array): number;
  uc_open(arch: number, mode: number, uc: [Pointer]): number;
  uc_close(uc: Pointer): number;
  uc_strerror(code: number): string;
  /** uc_ctl is variadic; these are the two argument shapes we use. */
  uc_ctl_write_int(uc: Pointer, control: number, value: number): number;
  uc_ctl_write_range(uc: Pointer, control: number, begin: bigint, end: bigint): number;
  uc_reg_read(uc: Pointer, regid: number, value: Uint8Array): number;
  uc_reg_write(uc: Pointer, regid: number, value: Uint8Array): number;
  /** `vals` is an array of native addresses (void **), passed as raw memory. */
  uc_reg_read_batch(uc: Pointer, regs: Int32Array, vals: BigUint64Array, count: number): number;
  uc_mem_map(uc: Pointer, address: U64, size: number, perms: number): number;
  uc_mem_unmap(uc: Pointer, address: U64, size: number): number;
  uc_mem_read(uc: Pointer, address: U64, bytes: Uint8Array, size: number): number;
  uc_mem_write(uc: Pointer, address: U64, bytes: Uint8Array, size: number): number;
  uc_emu_start(uc: Pointer, begin: U64, until: U64, timeoutMicros: U64, count: number): number;
  uc_emu_stop(uc: Pointer): number;
  uc_hook_add(uc: Pointer, hook: [U64], type: number, callback: Pointer, userData: null, begin: U64, end: U64): number;
  uc_hook_del(uc: Pointer, hook: U64): number;
  uc_context_alloc(uc: Pointer, context: [Pointer]): number;
  uc_context_save(uc: Pointer, context: Pointer): number;
  uc_context_restore(uc: Pointer, context: Pointer): number;
  uc_context_free(context: Pointer): number;
}

/** The prototype table: every C function oopsreplay calls, declared once. */
const PROTOTYPES: Record<Exclude<keyof UnicornLibrary, 'path' | 'version' | `uc_ctl_${string}`>, string> = {
  uc_version: 'unsigned int uc_version(_Out_ unsigned int *major, _Out_ unsigned int *minor)',
  uc_open: 'int uc_open(int arch, int mode, _Out_ void **uc)',
  uc_close: 'int uc_close(void *uc)',
  uc_strerror: 'const char *uc_strerror(int code)',
  uc_reg_read: 'int uc_reg_read(void *uc, int regid, _Out_ void *value)',
  uc_reg_write: 'int uc_reg_write(void *uc, int regid, const void *value)',
  uc_reg_read_batch: 'int uc_reg_read_batch(void *uc, const void *regs, const void *vals, int count)',
  uc_mem_map: 'int uc_mem_map(void *uc, uint64_t address, size_t size, uint32_t perms)',
  uc_mem_unmap: 'int uc_mem_unmap(void *uc, uint64_t address, size_t size)',
  uc_mem_read: 'int uc_mem_read(void *uc, uint64_t address, _Out_ void *bytes, size_t size)',
  uc_mem_write: 'int uc_mem_write(void *uc, uint64_t address, const void *bytes, size_t size)',
  uc_emu_start: 'int uc_emu_start(void *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)',
  uc_emu_stop: 'int uc_emu_stop(void *uc)',
  // Variadic in C only after `end` (for UC_HOOK_INSN), so the fixed form is ABI-identical.
  uc_hook_add:
    'int uc_hook_add(void *uc, _Out_ size_t *hh, int type, void *callback, void *user_data, uint64_t begin, uint64_t end)',
  uc_hook_del: 'int uc_hook_del(void *uc, size_t hh)',
  uc_context_alloc: 'int uc_context_alloc(void *uc, _Out_ void **context)',
  uc_context_save: 'int uc_context_save(void *uc, void *context)',
  uc_context_restore: 'int uc_context_restore(void *uc, void *context)',
  uc_context_free: 'int uc_context_free(void *context)',
};

function tryLoad(path: string): LibraryHandle | null {
  try {
    return koffi.load(path);
  } catch {
    return null;
  }
}

function bind(handle: LibraryHandle, path: string): UnicornLibrary {
  const functions: Record<string, unknown> = {};
  for (const [name, prototype] of Object.entries(PROTOTYPES)) functions[name] = handle.func(prototype);
  const ctl = handle.func('int uc_ctl(void *uc, int control, ...)');
  functions['uc_ctl_write_int'] = (uc: Pointer, control: number, value: number) => ctl(uc, control, 'int', value);
  functions['uc_ctl_write_range'] = (uc: Pointer, control: number, begin: bigint, end: bigint) =>
    ctl(uc, control, 'uint64_t', begin, 'uint64_t', end);
  const lib = functions as unknown as Omit<UnicornLibrary, 'path' | 'version'>;
  const major = new Uint32Array(1);
  const minor = new Uint32Array(1);
  lib.uc_version(major, minor);
  if (major[0] !== 2) {
    throw new UserError(`${path} is Unicorn ${major[0]}.${minor[0]}; oopsreplay needs Unicorn 2: ${INSTALL_HINT}`);
  }
  return { ...lib, path, version: `${major[0]}.${minor[0]}` };
}

/**
 * Finds and binds libunicorn: `override` (the value of $OOPSREPLAY_LIBUNICORN) if set, and then
 * only that; else the first of `candidates` that loads. A missing library is a UserError naming
 * the package to install.
 */
export function openUnicorn(
  override: string | undefined,
  candidates: readonly string[] = CANDIDATES[process.platform] ?? CANDIDATES['linux'] ?? [],
): UnicornLibrary {
  if (override !== undefined && override !== '') {
    const handle = tryLoad(override);
    if (handle === null) throw new UserError(`${LIBRARY_ENV}=${override} cannot be loaded as a library: ${INSTALL_HINT}`);
    return bind(handle, override);
  }
  for (const candidate of candidates) {
    const handle = tryLoad(candidate);
    if (handle !== null) return bind(handle, candidate);
  }
  throw new UserError(`libunicorn (Unicorn 2) not found: ${INSTALL_HINT}`);
}

let loaded: UnicornLibrary | undefined;

/** The process's libunicorn, found once (see openUnicorn). */
export function loadUnicorn(): UnicornLibrary {
  loaded ??= openUnicorn(process.env[LIBRARY_ENV]);
  return loaded;
}

/** Native memory that C writes into and JS reads without copying (koffi.alloc + koffi.view). */
export interface NativeBuffer {
  readonly pointer: Pointer;
  readonly address: bigint;
  readonly bytes: Uint8Array;
}

export function allocNative(size: number): NativeBuffer {
  const pointer: Pointer = koffi.alloc('uint8_t', size);
  return { pointer, address: koffi.address(pointer), bytes: new Uint8Array(koffi.view(pointer, size)) };
}

export function freeNative(buffer: NativeBuffer): void {
  koffi.free(buffer.pointer);
}

export function registerCallback(callback: (...args: never[]) => unknown, proto: TypeObject): bigint {
  return koffi.register(callback, koffi.pointer(proto));
}

export function unregisterCallback(callback: bigint): void {
  koffi.unregister(callback);
}
