import { UserError } from '../domain/errors.ts';
import { DEFAULT_MIRRORED_MEETINGS, MAX_MIRRORED_MEETINGS } from '../domain/event-window.ts';
import type { Series } from '../domain/model.ts';
import { mirroredMeetingsOf, setMirroredMeetings } from '../store/event-mirrors.ts';
import type { Ctx } from './context.ts';
import { recordChange } from './recordChange.ts';

/** `/meeting setup mirror_events`: how many upcoming meetings get a scheduled event, 0–8 (0: off). */
export function parseMirrorEvents(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_MIRRORED_MEETINGS) {
    throw new UserError('error.mirrorEvents', { value, min: 0, max: MAX_MIRRORED_MEETINGS });
  }
  return value;
}

/** How many upcoming meetings of the series are mirrored. */
export function mirroredMeetings(ctx: Pick<Ctx, 'db'>, series: Series): Promise<number> {
  return mirroredMeetingsOf(ctx.db, series.id, DEFAULT_MIRRORED_MEETINGS);
}

/**
 * Sets how many meetings the series mirrors, inside the caller's transaction,
 * with an audit row when it changes. The caller re-plans afterwards: fewer
 * (or 0) gives the events beyond the new number back, more creates them.
 */
export async function setMirroredMeetingsOf(ctx: Ctx, series: Series, meetings: number): Promise<void> {
  const before = await mirroredMeetings(ctx, series);
  if (before === meetings) return;
  await setMirroredMeetings(ctx.db, series.id, meetings);
  await recordChange(ctx, series, {
    action: 'series.mirrorEvents',
    before: { meetings: before },
    after: { meetings },
    replan: false,
  });
}
