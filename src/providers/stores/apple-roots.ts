import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOTS_DIR = fileURLToPath(new URL('./apple-roots/', import.meta.url));

/**
 * Apple's root certificates (DER `.cer` files from https://www.apple.com/certificateauthority/)
 * kept in apple-roots/ beside this file; signed App Store data must chain to one of them.
 */
export function appleRootCertificates(dir = ROOTS_DIR): Buffer[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.cer'));
  } catch {
    return [];
  }
  return names.sort().map((name) => readFileSync(join(dir, name)));
}
