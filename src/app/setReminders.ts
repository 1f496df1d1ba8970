import { UserError } from '../domain/errors.ts';
import type { ReminderOffsets, Series } from '../domain/model.ts';
import { getSeries, updateSeries } from '../store/series.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

const UNIT_MIN = { m: 1, h: 60, d: 24 * 60 } as const;
const MAX_MIN = 30 * 24 * 60;

/** `2d`, `36h`, `90m` → minutes; `off` → null. Between 1 minute and 30 days. */
export function parseOffset(input: string): number | null {
  const text = input.trim().toLowerCase();
  if (text === 'off') return null;
  const m = /^(\d{1,5})\s*([mhd])$/.exec(text);
  const minutes = m ? Number(m[1]) * UNIT_MIN[m[2] as keyof typeof UNIT_MIN] : Number.NaN;
  if (!(minutes >= 1 && minutes <= MAX_MIN))
    throw new UserError('error.offset', { value: input.trim().slice(0, 20) });
  return minutes;
}

export interface RemindersInput {
  titleRequest?: string;
  titleNudge?: string;
  agenda?: string;
  followUp?: string;
}

/**
 * `/meeting reminders`: how long before the meeting each reminder goes out
 * (the follow-up: how long after), or `off`. Pending reminders are re-timed at
 * once; ones already sent stay sent.
 */
export async function setReminders(ctx: Ctx, input: RemindersInput): Promise<Series> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const pick = (text: string | undefined, current: number | null, sign: 1 | -1) =>
    text === undefined
      ? current
      : (() => {
          const minutes = parseOffset(text);
          return minutes === null ? null : sign * minutes;
        })();
  const offsets: ReminderOffsets = {
    titleRequest: pick(input.titleRequest, series.offsets.titleRequest, 1),
    titleNudge: pick(input.titleNudge, series.offsets.titleNudge, 1),
    agenda: pick(input.agenda, series.offsets.agenda, 1),
    followUp: pick(input.followUp, series.offsets.followUp, -1),
  };
  return transact(ctx, async (tx) => {
    const { id: _id, active: _active, ...fields } = series;
    await updateSeries(tx.db, series.id, { ...fields, offsets });
    const after = (await getSeries(tx.db, series.id))!;
    await recordChange(tx, after, { action: 'series.reminders', before: series.offsets, after: offsets });
    return after;
  });
}
