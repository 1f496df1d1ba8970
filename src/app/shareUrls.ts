/**
 * Where the season on the web lives: the paths of the season page and the
 * calendar feeds (the web routes use the same shapes), the secrets behind
 * them, and the public base URL the web server recorded when it started.
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../domain/errors.ts';
import type { Db } from '../store/db.ts';
import { getMeta, setMeta } from '../store/settings.ts';

/** 24 random bytes, base64url: 192 bits, 32 characters. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** What a secret or token in a path must look like; anything else is not looked up. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export const PATHS = {
  seasonPage: (secret: string) => `/s/${secret}/`,
  seriesFeed: (secret: string) => `/s/${secret}/calendar.ics`,
  memberFeed: (token: string) => `/m/${token}/talks.ics`,
} as const;

const PUBLIC_URL_KEY = 'web.public_url';

/** Recorded by the web server when it starts, so that any process can hand out its links. */
export async function recordPublicUrl(db: Db, url: string): Promise<void> {
  if ((await getMeta(db, PUBLIC_URL_KEY)) !== url) await setMeta(db, PUBLIC_URL_KEY, url);
}

/** The public base URL of the web server, or null when no web server ever ran here. */
export async function publicUrlOf(db: Db): Promise<string | null> {
  return (await getMeta(db, PUBLIC_URL_KEY)) ?? null;
}

/** The public base URL of the web server; a clear error when no web server ever ran here. */
export async function requirePublicUrl(db: Db): Promise<string> {
  const url = await publicUrlOf(db);
  if (url === null) throw new UserError('error.share.noWeb');
  return url;
}

/** `https://host` + `/s/…/` → an absolute URL. */
export function absolute(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The `webcal:` form of an http(s) feed URL: calendar apps subscribe to it rather than import it once. */
export function webcal(url: string): string {
  return url.replace(/^https?:/, 'webcal:');
}
