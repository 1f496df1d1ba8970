/**
 * The series most end-to-end tests of scheduled events, locations and setup
 * options share: Thursdays 21:00 in `TZ`, every two weeks from 2031-01-09, in
 * the meetings channel. It lives in 2031 because the fake, like Discord,
 * refuses scheduled events that start before the real clock.
 */
import { addMember } from '../../src/app/addMember.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import type { Language, Series } from '../../src/domain/model.ts';
import type { OptionInput } from '../fake-discord/server.ts';
import { channel, type Harness, TZ } from './harness.ts';

/** The first meeting's date. */
export const FIRST_2031 = '2031-01-09';

/** The rhythm of the series, as `setupSeries` takes it. */
export const RHYTHM_2031 = {
  weekday: 4,
  time: '21:00',
  timezone: TZ,
  everyWeeks: 2,
  start: FIRST_2031,
} as const;

/**
 * The series set up by the organiser as "Kernel SIG" in `language`, with the
 * harness members added in order (no group).
 */
export async function seedSeries2031(
  h: Harness,
  opts: { language?: Language; link?: string } = {},
): Promise<Series> {
  const boss = h.organiserCtx();
  const { series } = await setupSeries(boss, {
    channelId: h.channels.meetings,
    ...RHYTHM_2031,
    language: opts.language ?? 'en',
    name: 'Kernel SIG',
    ...(opts.link === undefined ? {} : { link: opts.link }),
  });
  for (const id of h.members) await addMember(boss, { userId: id });
  return series;
}

/** The options of `/meeting setup` for the series, and `extra` (which wins). */
export function setupOptions2031(
  h: Harness,
  extra: Record<string, OptionInput> = {},
): Record<string, OptionInput> {
  return {
    channel: channel(h.channels.meetings),
    weekday: RHYTHM_2031.weekday,
    time: RHYTHM_2031.time,
    timezone: RHYTHM_2031.timezone,
    every_weeks: RHYTHM_2031.everyWeeks,
    start: RHYTHM_2031.start,
    ...extra,
  };
}
