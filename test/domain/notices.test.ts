import { describe, expect, it } from 'vitest';
import {
  decodeNotice,
  encodeNotice,
  type Notice,
  type NoticeKind,
  type NoticeOf,
  noticeKindOf,
} from '../../src/domain/notices.ts';
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
