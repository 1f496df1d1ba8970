/**
 * What identifies a post once it is in Discord, now that the nonce is gone:
 * Discord does not return a message's nonce when messages are fetched. A
 * digest of the parts Discord returns as sent (content, embed texts, button
 * ids and labels), computed alike from the payload before an attempt and from
 * a fetched message. Pure.
 */
import { createHash } from 'node:crypto';
import type { APIEmbed } from 'discord-api-types/v10';

/** The parts of a message that survive Discord's round trip unchanged. */
export interface MessageParts {
  content?: string | undefined;
  embeds?: readonly APIEmbed[] | undefined;
  components?: readonly unknown[] | undefined;
}

const text = (s: string | undefined | null) => (s ?? '').trim();

function embedParts(e: APIEmbed): unknown[] {
  return [
    text(e.title),
    text(e.description),
    text(e.url),
    text(e.author?.name),
    text(e.footer?.text),
    (e.fields ?? []).map((f) => [text(f.name), text(f.value)]),
  ];
}

/** Button custom ids, link URLs and labels, in order, whatever ids Discord adds to components. */
function componentParts(components: readonly unknown[]): unknown[] {
  return components.map((row) => {
    const inner = (row as { components?: unknown[] }).components ?? [];
    return inner.map((c) => {
      const b = c as { custom_id?: string; url?: string; label?: string };
      return [text(b.custom_id), text(b.url), text(b.label)];
    });
  });
}

export function messageDigest(m: MessageParts): string {
  const canonical = JSON.stringify([
    text(m.content),
    (m.embeds ?? []).map(embedParts),
    componentParts(m.components ?? []),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Scheduled events are recognised by their name and times (the description may carry display names). */
export function eventDigest(e: { name: string; startsAt: number; endsAt: number }): string {
  return createHash('sha256')
    .update(JSON.stringify([text(e.name), e.startsAt, e.endsAt]))
    .digest('hex')
    .slice(0, 32);
}

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The smallest snowflake of an instant: listing messages `after` it returns what was created since. */
export function snowflakeAt(ms: number): string {
  const t = BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH_MS;
  return t <= 0n ? '0' : (t << 22n).toString();
}
