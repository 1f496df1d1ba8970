import { it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { goAway } from '../../src/app/goAway.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { localDateOf } from '../../src/domain/zoned-time.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';
const TZ = 'Europe/Berlin';
it('dump', async () => {
  const db = await testDb();
  const start = at('2026-01-05 09:00', TZ);
  const { series } = await setupSeries(ctx(db, start, organiser()), { channelId: CHANNEL, weekday: 4, time: '19:00', timezone: TZ, everyWeeks: 1, start: '2026-01-08', presenters: 2 });
  const ids = memberIds(3);
  for (const id of ids) await addMember(ctx(db, start, organiser()), { userId: id });
  const dump = async (label: string) => {
    const out: string[] = [];
    for (const m of await meetingsAfter(db, series.id, Number.NEGATIVE_INFINITY)) {
      out.push(`${localDateOf(m.startsAt, TZ)} ${m.status} ${(await slotsOfMeeting(db, m.id)).map((s) => (s.userId ?? '-').slice(-1)).join(',')}`);
    }
    console.log(label + '\n' + out.join('\n'));
  };
  await dump('initial');
  await goAway(ctx(db, start, actor(ids[0]!)), { from: '2026-01-08', until: '2026-01-08' });
  await dump('a away 01-08');
  await goAway(ctx(db, start, actor(ids[1]!)), { from: '2026-01-08', until: '2026-01-22' });
  await dump('b away 01-08..01-22');
  await pauseMeetings(ctx(db, start, organiser()), { from: '2026-01-22', until: '2026-01-22' });
  await dump('pause 01-22');
  await db.close();
});
