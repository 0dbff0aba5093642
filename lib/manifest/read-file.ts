/**
 * Reading a user's text input (a manifest, standard input, a settings file), bounded and strict:
 * at most `limit` bytes are ever read, whatever the file is (a FIFO, /dev/zero, a huge file), and
 * the bytes must be UTF-8. Nothing is replaced silently: a Latin-1 byte or a UTF-16 file is an
 * error naming the byte offset, not a U+FFFD in a ConfigMap.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { systemReason } from "../system-errors";

/** The largest input file read: far above any manifest (a Job is at most 1.5 MiB in Kubernetes). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** An input that cannot be used; the message reads after the file's name (`x.yaml is ...`). */
export class ReadError extends Error {
  constructor(
    message: string,
    /** Where in the file, when the problem is at a byte of it (1-based). */
    readonly position?: { readonly line: number; readonly column: number },
    /** The text decoded with replacement characters, when it is not valid UTF-8: for finding its secrets only. */
    readonly lossyText?: string,
  ) {
    super(message);
    this.name = "ReadError";
  }
}

/** The text of a file, at most `limit` bytes of UTF-8 (a leading byte order mark is dropped). */
export function readTextFile(path: string, limit = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (cause) {
    throw new ReadError(`cannot be read: ${systemReason(cause)}`);
  }
  try {
    return decodeUtf8(readBounded(fd, limit));
  } finally {
    closeSync(fd);
  }
}

/** Standard input, bounded like a file. */
export function readStdinText(limit = MAX_INPUT_BYTES): string {
  return decodeUtf8(readBounded(0, limit));
}

/** Reads in chunks and stops as soon as the input is longer than `limit`: /dev/zero never ends. */
export function readBounded(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (cause) {
      // A non-blocking standard input (a pipe set up by a parent process) has no data yet.
      if ((cause as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw new ReadError(`cannot be read: ${systemReason(cause)}`);
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > limit) {
      throw new ReadError(
        `is larger than ${formatBytes(limit)}, the limit for an input file (it was not read further)`,
      );
    }
  }
  return Buffer.concat(chunks, total);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** UTF-8 text without its byte order mark, or a ReadError naming the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  const other = otherEncoding(bytes);
  if (other) throw new ReadError(`is ${other}, not UTF-8: save it as UTF-8`);
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const { line, column } = positionOf(bytes, offset);
    throw new ReadError(
      `is not valid UTF-8 at byte offset ${offset} (line ${line}, column ${column}): ${whyInvalid(bytes, offset)}; save the file as UTF-8`,
      { line, column },
      Buffer.from(bytes).toString("utf8"),
    );
  }
  const start = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? UTF8_BOM.length : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8", start);
}

/** UTF-16 and UTF-32, told by their byte order mark, or by NUL bytes between ASCII characters. */
function otherEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return "UTF-32 (it starts with a byte order mark)";
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return "UTF-32 (it starts with a byte order mark)";
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return "UTF-16 (it starts with a byte order mark)";
  if (bytes.length >= 2 && (a === 0) !== (b === 0) && Math.max(a, b) < 0x80)
    return "UTF-16 (it has NUL bytes between characters)";
  return undefined;
}

/** The length of a well-formed sequence starting with `lead` and its second byte's range, or 0. */
function sequence(lead: number): [length: number, low: number, high: number] | undefined {
  if (lead < 0x80) return [1, 0, 0];
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf]; // no overlong forms
  if (lead === 0xed) return [3, 0x80, 0x9f]; // no surrogates (CESU-8)
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f]; // nothing above U+10FFFF
  return undefined;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode Table 3-7). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    const shape = sequence(bytes[offset]);
    if (!shape) return offset;
    const [length, low, high] = shape;
    if (length > 1) {
      const second = bytes[offset + 1];
      if (second === undefined || second < low || second > high) return offset;
      for (let next = 2; next < length; next++) {
        const byte = bytes[offset + next];
        if (byte === undefined || byte < 0x80 || byte > 0xbf) return offset;
      }
    }
    offset += length;
  }
  return bytes.length;
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/** Why the sequence at `offset` is not UTF-8, in words. */
function whyInvalid(bytes: Uint8Array, offset: number): string {
  const lead = bytes[offset];
  const shape = sequence(lead);
  if (!shape) {
    return lead >= 0x80 && lead <= 0xbf
      ? `the byte ${hex(lead)} continues a character that never started (Latin-1 or another 8-bit encoding?)`
      : `the byte ${hex(lead)} never appears in UTF-8 (Latin-1 or another 8-bit encoding?)`;
  }
  const second = bytes[offset + 1];
  if (lead === 0xed && second !== undefined && second >= 0xa0 && second <= 0xbf) {
    return `${hex(lead)} ${hex(second)} starts a UTF-16 surrogate (CESU-8 or WTF-8), which UTF-8 does not allow`;
  }
  let length = 1;
  while (length < shape[0] && offset + length < bytes.length && bytes[offset + length] >= 0x80) length++;
  if (offset + length >= bytes.length && length < shape[0]) {
    return `the file ends in the middle of a character (${hex(lead)} needs ${shape[0]} bytes)`;
  }
  if (length === 1) {
    return `the byte ${hex(lead)} is not followed by the rest of a character (Latin-1 or another 8-bit encoding?)`;
  }
  return `the bytes starting with ${hex(lead)} are not a valid ${shape[0]}-byte character`;
}

/** Line and column (1-based, in characters) of a byte offset, given that everything before it is UTF-8. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  // A byte order mark is not a column.
  if (lineStart === 0 && UTF8_BOM.every((byte, index) => bytes[index] === byte)) lineStart = UTF8_BOM.length;
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, Math.max(0, offset - lineStart)).toString(
    "utf8",
  );
  return { line, column: [...before].length + 1 };
}
