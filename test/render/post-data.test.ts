/** Swap requests and alerts rendered from their stored data (domain/post-data.ts), well-formed or not. */
import { describe, expect, it } from 'vitest';
import { encodePost, type PostData, type PostDataKind } from '../../src/domain/post-data.ts';
import { t } from '../../src/i18n/catalog.ts';
import { parseCustomId } from '../../src/render/custom-ids.ts';
import { type PostInput, renderPost } from '../../src/render/posts.ts';
import { expectNoPlaceholders, expectWithinLimits } from './check.ts';
import {
  ALICE,
  CAROL,
  LANGUAGES,
  meeting,
  NEXT_START,
  ROLE,
  START,
  START_UNIX,
  series,
  view,
} from './fixtures.ts';

const EXPIRES = START - 86_400_000;

/** A post as the outbox gives it back: queued through `encodePost`, through JSON. */
function input<K extends PostDataKind>(kind: K, data: PostData[K], over: Partial<PostInput> = {}): PostInput {
  const row = encodePost(kind, data);
  return fromRow(row.kind, JSON.parse(JSON.stringify(row.data)), over);
}

function fromRow(kind: string, data: unknown, over: Partial<PostInput> = {}): PostInput {
  const s = series();
  return {
    kind,
    series: s,
    meeting: view(s, meeting(), [[ALICE, null]]),
    next: null,
    data,
    organiserRoleId: ROLE,
    ...over,
  };
}

const SWAP: PostData['swap:request'] = {
  swapId: 5,
  from: ALICE,
  to: CAROL,
  fromAt: START,
  toAt: NEXT_START,
  expiresAt: EXPIRES,
};

describe('renderPost: swap:request', () => {
  it('renders a stored request with its answers, pinging the asked member', () => {
    const p = renderPost(input('swap:request', SWAP));
    expect(p.content).toContain(`<@${CAROL}>`);
    expect(p.content).toContain(`<t:${NEXT_START / 1000}:F>`);
    expect(p.content).toContain(`<t:${EXPIRES / 1000}:F>`);
    expect(p.allowedMentions.users).toEqual([CAROL]);
    expect(p.components[0]?.components.map((b) => 'custom_id' in b && parseCustomId(b.custom_id))).toEqual([
      { kind: 'swap-accept', swapId: 5 },
      { kind: 'swap-decline', swapId: 5 },
      { kind: 'swap-withdraw', swapId: 5 },
    ]);
    expectWithinLimits(p);
    expectNoPlaceholders(p);
  });

  it('shows a hand-over, and an old row without fromAt at the meeting start', () => {
    const handOver = renderPost(input('swap:request', { ...SWAP, toAt: null }));
    expect(handOver.content).toContain('take over their slot');
    expect(handOver.content).not.toContain(`<t:${NEXT_START / 1000}:`);
    const { fromAt: _, ...old } = SWAP;
    const p = renderPost(fromRow('swap:request', { ...old, fromAt: 'soon', toAt: 'x' }));
    expect(p.content).toContain(`<t:${START_UNIX}:`);
    expect(p.content).toContain('take over their slot');
  });

  it('refuses a row without what it needs, or whose members are not Discord ids (set aside loudly)', () => {
    const needs = /swap:request needs swapId, from, to, fromAt and expiresAt/;
    expect(() => renderPost(fromRow('swap:request', { ...SWAP, to: '@everyone' }))).toThrow(needs);
    expect(() => renderPost(fromRow('swap:request', { ...SWAP, expiresAt: undefined }))).toThrow(needs);
    expect(() => renderPost(fromRow('swap:request', { ...SWAP, swapId: '5' }))).toThrow(needs);
    expect(() => renderPost(fromRow('swap:request', null))).toThrow(needs);
    const { fromAt: _, ...noFrom } = SWAP;
    expect(() => renderPost(fromRow('swap:request', noFrom, { meeting: null }))).toThrow(needs);
  });
});

describe('renderPost: alert:mirror', () => {
  it('says the error and, for a missing permission, which one (every language)', () => {
    for (const lang of LANGUAGES) {
      const s = series({ language: lang });
      const p = renderPost(
        input(
          'alert:mirror',
          { error: 'Missing Permissions', permission: true },
          { series: s, meeting: null },
        ),
      );
      expect(p.content).toContain('Missing Permissions');
      expect(p.content).toContain(t(lang, 'post.mirror.permission'));
      expect(p.content).not.toContain(t(lang, 'post.mirror.other'));
      expect(p.allowedMentions.roles).toEqual([ROLE]);
      expectNoPlaceholders(p);
      const other = renderPost(input('alert:mirror', { error: 'boom', permission: false }, { series: s }));
      expect(other.content).toContain(t(lang, 'post.mirror.other'));
    }
  });

  it('still alerts from a malformed row, with "?" for the error', () => {
    for (const data of [null, {}, 'garbage', { error: 7, permission: 'yes' }, { error: '   ' }]) {
      const p = renderPost(fromRow('alert:mirror', data));
      expect(p.content).toContain(t('en', 'post.alert.error', { error: '?' }));
      expect(p.content).toContain(t('en', 'post.mirror.other'));
    }
  });
});

describe('renderPost: alert:failed', () => {
  const FAILURE: PostData['alert:failed'] = {
    kind: 'agenda',
    attempts: 3,
    error: 'Missing Access',
    dueAt: START,
  };

  it('renders from its stored data alone, as from the failure handed in', () => {
    const fromData = renderPost(input('alert:failed', FAILURE));
    const fromFailure = renderPost({ ...fromRow('alert:failed', null), failure: FAILURE });
    expect(fromData).toEqual(fromFailure);
    expect(fromData.content).toContain('Missing Access');
    expect(fromData.content).toContain(t('en', 'kind.agenda'));
    expect(fromData.content).toContain(`<t:${START_UNIX}:F>`);
  });

  it('shows "?" for a missing error, and refuses a row without the failure (set aside loudly)', () => {
    const { error: _, ...noError } = FAILURE;
    expect(renderPost(fromRow('alert:failed', noError)).content).toContain(
      t('en', 'post.alert.error', { error: '?' }),
    );
    const needs = /alert:failed needs the failure/;
    expect(() => renderPost(fromRow('alert:failed', null))).toThrow(needs);
    expect(() => renderPost(fromRow('alert:failed', { ...FAILURE, attempts: 'three' }))).toThrow(needs);
    expect(() => renderPost(fromRow('alert:failed', { ...FAILURE, dueAt: null }))).toThrow(needs);
  });
});
