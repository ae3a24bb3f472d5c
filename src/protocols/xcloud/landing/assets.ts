import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file of the page, served by the landing routes (no CDN: a web view may have no internet). */
export interface Asset {
  path: string;
  type: string;
  body: string;
  /** Its URL with a content version, so that it may be cached long. */
  url: string;
}

const ASSETS_PATH = '/Pt/landing/assets';

function asset(file: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const path = `${ASSETS_PATH}/${file}`;
  return { path, type, body, url: `${path}?v=${version}` };
}

export const LANDING_CSS = asset('landing.css', 'text/css; charset=utf-8');
export const LANDING_JS = asset('landing.js', 'text/javascript; charset=utf-8');
export const LANDING_ASSETS: readonly Asset[] = [LANDING_CSS, LANDING_JS];
