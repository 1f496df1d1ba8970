/** Assertions on rendered payloads, written independently of the code under test. */
import { expect } from 'vitest';
import type { MessagePayload } from '../../src/render/payload.ts';

/** Every piece of text a reader can see: content, embed texts, button labels. */
export function allText(p: MessagePayload): string[] {
  const out = [p.content];
  for (const e of p.embeds) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  for (const row of p.components) {
    for (const c of row.components) if ('label' in c && c.label !== undefined) out.push(c.label);
  }
  return out;
}

export function joined(p: MessagePayload): string {
  return allText(p).join('\n');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The start of a Discord token; each must be followed by the whole token. */
const TOKEN_START = /<(?:@[!&]?|#|t:)/g;
const WHOLE_TOKEN = /^<(?:@[!&]?\d+|#\d+|t:-?\d+:[tTdDfFR])>/;

/** Every Discord limit, checked one by one, and no token or surrogate pair cut in half. */
export function expectWithinLimits(p: MessagePayload): void {
  expect(p.content.length).toBeLessThanOrEqual(2000);
  expect(p.embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of p.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    total += e.author?.name.length ?? 0;
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      total += f.name.length + f.value.length;
    }
  }
  expect(total).toBeLessThanOrEqual(6000);
  expect(p.components.length).toBeLessThanOrEqual(5);
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const c of row.components) {
      if ('label' in c && c.label !== undefined) expect(c.label.length).toBeLessThanOrEqual(80);
      if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(100);
    }
  }
  for (const text of allText(p)) {
    expect(text).not.toMatch(LONE_SURROGATE);
    for (const m of text.matchAll(TOKEN_START)) {
      expect(text.slice(m.index), `token cut at ${m.index}`).toMatch(WHOLE_TOKEN);
    }
  }
  expect(p.allowedMentions.parse).toEqual([]);
  expect(() => JSON.parse(JSON.stringify(p))).not.toThrow();
  expect(JSON.parse(JSON.stringify(p))).toEqual(p);
}

/** No `{placeholder}` left unfilled anywhere. */
export function expectNoPlaceholders(p: MessagePayload): void {
  for (const text of allText(p)) expect(text).not.toMatch(/\{\w+\}/);
}

/** Mention tokens for the injected ids, and mass mentions, must not be live. */
export const LIVE_INJECTED = /@everyone|@here|<@&123>|<@!?456>|<#789>/;

export const sorted = (xs: readonly string[]) => [...xs].sort();
