/**
 * What makes polling calendar apps cheap: an ETag computed from what a feed
 * is made of (its series, its meetings and their versions, the names it
 * shows) without rendering it, and a Last-Modified that is the first time this
 * process saw that state: never earlier than the real change, so a client
 * asking "modified since?" never misses one.
 */
import { createHash } from 'node:crypto';
import type { FeedSource } from '../app/seasonPage.ts';

export function feedEtag(source: FeedSource, namesChangedAt: number): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([source.userId, namesChangedAt]));
  for (const s of source.series.values()) {
    hash.update(JSON.stringify([s.id, s.name, s.link, s.timeZone, s.durationMin, s.language]));
  }
  for (const m of source.meetings) hash.update(`${m.id}:${m.version}:${m.status}:${m.startsAt};`);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

/** Remembers, per feed, its latest ETag and since when it has had it. */
export function createFeedClock(max = 10_000) {
  const seen = new Map<string, { etag: string; since: number }>();
  return (key: string, etag: string, now: number): number => {
    const known = seen.get(key);
    if (known?.etag === etag) return known.since;
    // HTTP dates have whole seconds.
    const since = Math.floor(now / 1000) * 1000;
    if (seen.size >= max) seen.delete(seen.keys().next().value!);
    seen.set(key, { etag, since });
    return since;
  };
}

/** Whether the client's copy is current: If-None-Match first, If-Modified-Since only without it (RFC 9110). */
export function notModified(
  headers: { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined },
  etag: string,
  lastModified: number,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === etag || t === '*');
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && lastModified <= since;
}
