/** The image types share images may be, by the first bytes of their files. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const startsWith = (data: Buffer, prefix: string | number[], at = 0) => {
  const bytes = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : Buffer.from(prefix);
  return data.subarray(at, at + bytes.length).equals(bytes);
};

const SIGNATURES: readonly [ImageType, (data: Buffer) => boolean][] = [
  ['image/png', (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (d) => startsWith(d, [0xff, 0xd8, 0xff])],
  ['image/gif', (d) => startsWith(d, 'GIF87a') || startsWith(d, 'GIF89a')],
  ['image/webp', (d) => startsWith(d, 'RIFF') && startsWith(d, 'WEBP', 8)],
];

/** The image type the file's bytes say it is (whatever its name or declared type). */
export function imageTypeOf(data: Buffer): ImageType | undefined {
  return SIGNATURES.find(([, matches]) => matches(data))?.[0];
}
