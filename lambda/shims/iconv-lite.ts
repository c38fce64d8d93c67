/**
 * Bundle-only stand-in for iconv-lite (aliased in lambda/bundle.ts). mysql2 needs iconv-lite only
 * for encodings Node's Buffer lacks; with utf8mb4 connections that is CESU-8 (MySQL's utf8mb3, used
 * for metadata such as column names), implemented here. The ~500 KB of CJK code tables would be dead
 * weight in the Lambda; any other charset fails with a clear message.
 */

interface Decoder {
  write(buffer: Buffer): string;
  end(): string | undefined;
}
interface Encoder {
  write(text: string): Buffer;
  end(): Buffer | undefined;
}

const isCesu8 = (encoding: string) => encoding.toLowerCase().replace(/[^a-z0-9]/g, '') === 'cesu8';

function unsupported(encoding: string): never {
  throw new Error(`charset "${encoding}" is not bundled in the ingestion Lambda: use utf8mb4`);
}

/** CESU-8 is UTF-8 except that characters beyond U+FFFF are two 3-byte surrogates. */
export function decodeCesu8(buffer: Buffer): string {
  let text = '';
  for (let i = 0; i < buffer.length;) {
    const byte = buffer[i];
    if (byte < 0x80) {
      text += String.fromCharCode(byte);
      i += 1;
    } else if (byte >= 0xe0 && byte < 0xf0 && i + 2 < buffer.length) {
      text += String.fromCharCode(
        ((byte & 0x0f) << 12) | ((buffer[i + 1] & 0x3f) << 6) | (buffer[i + 2] & 0x3f),
      );
      i += 3;
    } else {
      // 2-byte (and stray 4-byte UTF-8) sequences decode exactly as UTF-8 does.
      const length = byte >= 0xf0 ? 4 : byte >= 0xc0 ? 2 : 1;
      text += buffer.toString('utf8', i, i + length);
      i += length;
    }
  }
  return text;
}

export function encodeCesu8(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes.push(unit);
    else if (unit < 0x800) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return Buffer.from(bytes);
}

export function getDecoder(encoding: string): Decoder {
  if (!isCesu8(encoding)) unsupported(encoding);
  return { write: decodeCesu8, end: () => undefined };
}

export function getEncoder(encoding: string): Encoder {
  if (!isCesu8(encoding)) unsupported(encoding);
  return { write: encodeCesu8, end: () => undefined };
}

export const encodingExists = (encoding: string) => Buffer.isEncoding(encoding) || isCesu8(encoding);
