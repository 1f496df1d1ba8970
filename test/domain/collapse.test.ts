import { describe, expect, it } from 'vitest';
import { collapseOverdue, type OverdueRow } from '../../src/domain/collapse.ts';

const NOW = Date.parse('2024-08-01T20:30:00+08:00');
const START = Date.parse('2024-08-01T21:00:00+08:00');
const END = START + 90 * 60_000;

function row(
  id: number,
  kind: string,
  meetingId: number | null = 1,
  usefulUntil = START,
  target = 'channel',
): OverdueRow {
  return { id, meetingId, kind, target, usefulUntil };
}

describe('missed reminders collapse', () => {
  it('keeps the agenda over the nudge and the title request of the same meeting', () => {
    const rows = [row(1, 'title_request'), row(2, 'title_nudge'), row(3, 'agenda', 1, END)];
    expect(collapseOverdue(rows, NOW)).toEqual([
      { id: 1, by: 3 },
      { id: 2, by: 3 },
    ]);
  });

  it('keeps the nudge over the title request when the agenda is not due yet', () => {
    expect(collapseOverdue([row(4, 'title_request'), row(5, 'title_nudge')], NOW)).toEqual([
      { id: 4, by: 5 },
    ]);
  });

  it('collapses a member’s direct messages on their own, apart from the channel’s', () => {
    const rows = [
      row(1, 'title_request'),
      row(2, 'agenda', 1, END),
      row(3, 'title_request', 1, START, 'dm:400000000000000001'),
      row(4, 'title_nudge', 1, START, 'dm:400000000000000001'),
    ];
    expect(collapseOverdue(rows, NOW)).toEqual([
      { id: 1, by: 2 },
      { id: 3, by: 4 },
    ]);
  });

  it('leaves a single overdue reminder, other meetings, follow-ups and notices alone', () => {
    const rows = [
      row(1, 'title_request', 1),
      row(2, 'agenda', 2, END),
      row(3, 'follow_up', 2, END + 86_400_000),
      row(4, 'notice:postpone', 2),
      row(5, 'title_nudge', null),
    ];
    expect(collapseOverdue(rows, NOW)).toEqual([]);
  });

  it('does not let a reminder that is no longer useful supersede, nor supersede one that goes stale anyway', () => {
    const afterStart = START + 10 * 60_000;
    const rows = [row(1, 'title_request'), row(2, 'title_nudge'), row(3, 'agenda', 1, END)];
    // After the start only the agenda is still useful; the others go stale, not superseded.
    expect(collapseOverdue(rows, afterStart)).toEqual([]);
    // After the end nothing is useful: nothing superseded, all stale.
    expect(collapseOverdue(rows, END + 1)).toEqual([]);
  });
});
