import { addMember } from '../../src/app/addMember.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { type SimClock, type SimEvent, simulate } from '../../src/demo/simulate.ts';
import { silentLogger } from '../../src/log.ts';
import type { Db } from '../../src/store/db.ts';
import { CHANNEL, ctx, memberIds, organiser } from './db.ts';
import { RecordingPoster } from './recording-poster.ts';

/** A series set up at `now`, with `size` members in roster order. */
export async function seedSeries(
  db: Db,
  now: number,
  opts: {
    timezone: string;
    weekday: number;
    time: string;
    everyWeeks: number;
    start: string;
    size: number;
    language?: 'en' | 'zh-CN';
    /** Presenters per meeting; the series' default (2) when left out. */
    presenters?: number;
  },
): Promise<{ seriesId: number; members: string[] }> {
  const boss = ctx(db, now, organiser());
  const { series } = await setupSeries(boss, {
    channelId: CHANNEL,
    weekday: opts.weekday,
    time: opts.time,
    timezone: opts.timezone,
    everyWeeks: opts.everyWeeks,
    start: opts.start,
    language: opts.language ?? 'en',
    link: 'https://meet.example/abc',
    ...(opts.presenters === undefined ? {} : { presenters: opts.presenters }),
  });
  const members = memberIds(opts.size);
  for (const id of members) await addMember(boss, { userId: id });
  return { seriesId: series.id, members };
}

/** A simulated clock, a recording poster, and a runner over them. */
export function harness(db: Db, start: number) {
  const clock: SimClock = { now: start };
  const poster = new RecordingPoster(() => clock.now);
  const log = silentLogger();
  return {
    clock,
    poster,
    log,
    run: (until: number, events: SimEvent[] = []) => simulate({ db, poster, log, clock }, until, events),
  };
}
