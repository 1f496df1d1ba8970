import { describe, expect, it } from 'vitest';
import {
  decodeNotice,
  encodeNotice,
  type Notice,
  type NoticeKind,
  type NoticeOf,
  noticeKindOf,
} from '../../src/domain/notices.ts';
import {
  decodePostData,
  encodePost,
  type PostData,
  type PostDataKind,
  postDataKindOf,
  swapIdOf,
} from '../../src/domain/post-data.ts';
import { renderPost } from '../../src/render/posts.ts';
import { ALICE, BOB, CAROL, meeting, NEXT_START, START, series, view } from '../render/fixtures.ts';

/** One notice of every kind: adding a kind to the union without a sample here is a compile error. */
const SAMPLES: { [K in NoticeKind]: NoticeOf<K> } = {
  postpone: { kind: 'postpone', from: START, to: NEXT_START, reason: 'Conference' },
  skip: { kind: 'skip', at: START, reason: null, presenters: [ALICE, BOB] },
  pause: { kind: 'pause', from: '2024-12-01', until: '2025-01-01', reason: 'Exams', cancelled: [START] },
  resume: { kind: 'resume', from: '2024-12-01', until: '2025-01-01', pauseId: 3 },
  swap: { kind: 'swap', a: ALICE, b: CAROL, aAt: START, bAt: null },
  release: { kind: 'release', at: START, user: ALICE },
  claim: { kind: 'claim', at: START, user: CAROL },
  assign: { kind: 'assign', at: START, user: CAROL, replaced: BOB },
  minutes: { kind: 'minutes', minutesId: 9, author: ALICE, body: 'We met.', edited: true },
  away: {
    kind: 'away',
    user: ALICE,
    from: '2024-09-01',
    until: '2024-09-10',
    reason: null,
    released: [START],
    replanned: [NEXT_START],
  },
  back: {
    kind: 'back',
    user: ALICE,
    from: '2024-09-01',
    until: '2024-09-10',
    back: '2024-09-05',
    cancelled: false,
  },
};

/** What a row in the outbox holds, as the database gives it back. */
function stored(n: Notice): { kind: string; data: unknown } {
  const { kind, data } = encodeNotice(n);
  return { kind, data: JSON.parse(JSON.stringify(data)) };
}

describe('notices: one union from the action to the renderer', () => {
  it('stores each kind as notice:<kind> with its fields, and reads it back unchanged', () => {
    for (const n of Object.values(SAMPLES)) {
      const row = stored(n);
      expect(row.kind).toBe(`notice:${n.kind}`);
      expect(row.data).not.toHaveProperty('kind');
      expect(decodeNotice(row.kind, row.data)).toEqual(n);
    }
  });

  it('reads rows written before a field existed, or with a malformed one, with its fallback', () => {
    // A release whose member was not recorded, and whose instant is not a number.
    expect(decodeNotice('notice:release', { at: 'soon' })).toEqual({ kind: 'release', at: null, user: null });
    // Presenters that are not Discord ids are dropped, never mentioned.
    expect(decodeNotice('notice:skip', { at: START, presenters: [ALICE, '@everyone', 7] })).toEqual({
      kind: 'skip',
      at: START,
      reason: null,
      presenters: [ALICE],
    });
    // Only `true` says edited; a pause without dates keeps its place.
    expect(decodeNotice('notice:minutes', { author: ALICE, body: 'x', edited: 'yes' })).toMatchObject({
      edited: false,
      minutesId: null,
    });
    expect(decodeNotice('notice:pause', null)).toEqual({
      kind: 'pause',
      from: null,
      until: null,
      reason: null,
      cancelled: [],
    });
  });

  it('refuses a row without what its kind needs, an unknown notice kind, and posts that are not notices', () => {
    expect(decodeNotice('notice:swap', { a: ALICE, b: '<@&123>', aAt: START })).toBeNull();
    expect(decodeNotice('notice:claim', { at: START })).toBeNull();
    expect(decodeNotice('notice:frobnicate', {})).toBeNull();
    expect(noticeKindOf('notice:toString')).toBeNull();
    expect(noticeKindOf('agenda')).toBeNull();
    expect(noticeKindOf('swap:request')).toBeNull();
  });

  it('renders an old release row without its instant at the meeting start, and pings nobody it cannot name', () => {
    const s = series();
    const m = view(s, meeting(), [
      [ALICE, null],
      [null, null],
    ]);
    const post = renderPost({
      kind: 'notice:release',
      series: s,
      meeting: m,
      next: null,
      data: {},
      organiserRoleId: null,
    });
    expect(post.content).toContain(`<t:${START / 1000}:F>`);
    expect(post.allowedMentions.users).toEqual([]);
    expect(() =>
      renderPost({
        kind: 'notice:claim',
        series: s,
        meeting: m,
        next: null,
        data: {},
        organiserRoleId: null,
      }),
    ).toThrow(/notice:claim needs at and user/);
  });
});

/** One stored row of every other kind with data: adding a kind to `PostData` without a sample is a compile error. */
const POST_SAMPLES: { [K in PostDataKind]: PostData[K] } = {
  'swap:request': { swapId: 5, from: ALICE, to: CAROL, fromAt: START, toAt: null, expiresAt: NEXT_START },
  'alert:mirror': { error: 'Missing Permissions', permission: true },
  'alert:failed': { kind: 'agenda', attempts: 3, error: 'Missing Access', dueAt: START },
};

describe('swap requests and alerts: one shape per kind from the action to the renderer', () => {
  it('stores each kind with its fields, and reads it back unchanged', () => {
    for (const kind of Object.keys(POST_SAMPLES) as PostDataKind[]) {
      const { kind: k, data } = encodePost(kind, POST_SAMPLES[kind]);
      expect(k).toBe(kind);
      expect(postDataKindOf(k)).toBe(kind);
      expect(decodePostData(kind, JSON.parse(JSON.stringify(data)))).toEqual(POST_SAMPLES[kind]);
    }
    // The JSON rows already in databases have.
    expect(
      JSON.parse(
        JSON.stringify(encodePost('swap:request', { ...POST_SAMPLES['swap:request'], toAt: NEXT_START })),
      ),
    ).toEqual({
      kind: 'swap:request',
      data: { swapId: 5, from: ALICE, to: CAROL, fromAt: START, toAt: NEXT_START, expiresAt: NEXT_START },
    });
    expect(postDataKindOf('agenda')).toBeNull();
    expect(postDataKindOf('notice:swap')).toBeNull();
    expect(postDataKindOf('toString')).toBeNull();
  });

  it('reads a malformed optional field with its fallback', () => {
    expect(
      decodePostData('swap:request', { swapId: 5, from: ALICE, to: CAROL, expiresAt: 1, toAt: 'x' }),
    ).toEqual({
      swapId: 5,
      from: ALICE,
      to: CAROL,
      fromAt: null,
      toAt: null,
      expiresAt: 1,
    });
    // A mirror alert is always shown; only `true` says it is the permission.
    expect(decodePostData('alert:mirror', { error: 7, permission: 'yes' })).toEqual({
      error: null,
      permission: false,
    });
    expect(decodePostData('alert:mirror', null)).toEqual({ error: null, permission: false });
    expect(decodePostData('alert:mirror', 'garbage')).toEqual({ error: null, permission: false });
    expect(decodePostData('alert:failed', { kind: 'agenda', attempts: 1, dueAt: START })).toMatchObject({
      error: null,
    });
  });

  it('refuses a row without what its kind needs, and still finds the request it is about', () => {
    const swap = POST_SAMPLES['swap:request'];
    expect(decodePostData('swap:request', { ...swap, to: '@everyone' })).toBeNull();
    expect(decodePostData('swap:request', { ...swap, expiresAt: null })).toBeNull();
    expect(decodePostData('swap:request', { ...swap, swapId: '5' })).toBeNull();
    expect(decodePostData('swap:request', null)).toBeNull();
    expect(decodePostData('alert:failed', { kind: 'agenda', error: 'x', dueAt: START })).toBeNull();
    expect(decodePostData('alert:failed', null)).toBeNull();
    expect(swapIdOf({ swapId: 5, to: '@everyone' })).toBe(5);
    expect(swapIdOf({ swapId: '5' })).toBeNull();
    expect(swapIdOf(null)).toBeNull();
    expect(swapIdOf([5])).toBeNull();
  });
});
