/**
 * Issue #6, items 1 and 5: what a command costs in process (the app action
 * and the rendering of its reply: everything a handler does besides talking to
 * Discord) on a database of 1,000 guilds with 50 members each and a year of
 * meetings; and how much of a claim is raw SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimSlot } from '../src/app/claimSlot.ts';
import type { Actor } from '../src/app/context.ts';
import { listSchedule } from '../src/app/listSchedule.ts';
import { releaseSlot } from '../src/app/releaseSlot.ts';
import { setTitle } from '../src/app/setTitle.ts';
import { localDateOf } from '../src/domain/zoned-time.ts';
import { renderClaimed, renderSchedule, renderTitleSet } from '../src/render/replies.ts';
import type { Db } from '../src/store/db.ts';
import { meetingsAfter } from '../src/store/meetings.ts';
import { openStore } from '../src/store/open-store.ts';
import { slotsOfMeeting } from '../src/store/slots.ts';
import { channelOf, guildOf, memberOf, seedSeries } from './seed.ts';
import { fmt, median, percentile, type Row, timeAsync, verdict } from './stats.ts';

const NOW = Date.parse('2026-03-02T00:00:00Z');
const SERIES = 1_000;
const MEMBERS = 50;
const SAMPLES = 400;

function actorOf(series: number, userId: string): Actor {
  return { userId, guildId: guildOf(series, 1), channelId: channelOf(series), canManage: false, roleIds: [] };
}

/** A pseudo-random but repeatable series number. */
function pick(i: number): number {
  return 1 + ((i * 7919) % SERIES);
}

async function presenterOf(db: Db, series: number): Promise<{ userId: string; date: string }> {
  const meeting = (await meetingsAfter(db, series, NOW))[0]!;
  const slot = (await slotsOfMeeting(db, meeting.id)).find((s) => s.userId !== null)!;
  return { userId: slot.userId!, date: localDateOf(meeting.startsAt, 'Asia/Shanghai') };
}

export async function benchInteractions(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  // As the bot opens it: automatic checkpoints off, the scheduler checkpoints.
  const db = await openStore(join(dir, 'bench.db'));
  await db.withSqlite((file) => file.pragma('synchronous = OFF'));
  await seedSeries(db, SERIES, NOW, { members: MEMBERS, past: 18, perGuild: 1 });
  await db.withSqlite((file) => {
    file.pragma('synchronous = NORMAL');
    file.exec('ANALYZE');
  });

  const claim: number[] = [];
  const title: number[] = [];
  const schedule: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const s = pick(i);
    const ctx = (userId: string) => ({ db, now: NOW, actor: actorOf(s, userId) });
    // /slot claim: someone released a slot first (not timed).
    const presenter = await presenterOf(db, s);
    await releaseSlot(ctx(presenter.userId), { meeting: presenter.date });
    const claimer = memberOf(s, 40 + (i % 10));
    claim.push(
      await timeAsync(async () => {
        renderClaimed(await claimSlot(ctx(claimer), { meeting: presenter.date }), 'en');
      }),
    );
    // /topic set by a presenter of the next meeting.
    const next = await presenterOf(db, s);
    title.push(
      await timeAsync(async () => {
        renderTitleSet(await setTitle(ctx(next.userId), { title: `Talk ${i}: what we learned` }), 'en');
      }),
    );
    // /meeting schedule, the default 8 meetings.
    schedule.push(
      await timeAsync(async () => {
        renderSchedule(await listSchedule(ctx(claimer), {}), 'en');
      }),
    );
    raw.push(await rawClaim(db, pick(i + SAMPLES)));
    // The scheduler's periodic checkpoint, between commands as in the bot.
    if (i % 25 === 24) await db.withSqlite((file) => file.pragma('wal_checkpoint(PASSIVE)'));
  }
  await db.close();
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, samples: number[]): Row => {
    const p99 = percentile(samples, 99);
    return {
      measure: `${name}: p50 / p99`,
      value: `${fmt(median(samples))} / ${fmt(p99)}`,
      target: 'p99 < 5 ms',
      verdict: verdict(p99 < 5),
    };
  };
  const factor = median(claim) / median(raw);
  return [
    row('/slot claim (claim + re-plan + reply)', claim),
    row('/topic set (title + re-plan + reply)', title),
    row('/meeting schedule (8 meetings + reply)', schedule),
    { measure: 'raw SQL of a claim (5 statements): p50', value: fmt(median(raw)), target: '', verdict: '' },
    {
      measure: 'claimSlot / raw SQL (overhead factor)',
      value: `${factor.toFixed(1)}×`,
      target: 'shown',
      verdict: 'the rest is the re-plan of 8 meetings',
    },
  ];
}

/**
 * The statements a claim cannot do without, through the same store API the
 * app uses, on a fresh open slot: find the series, check the member, find the
 * open slot, take it, write the audit row.
 */
async function rawClaim(db: Db, s: number): Promise<number> {
  const userId = memberOf(s, 45);
  return timeAsync(() =>
    db.transaction(async (tx) => {
      const series = (await tx.get<{ id: number }>('SELECT id FROM series WHERE channel_id = ?', [
        channelOf(s),
      ]))!;
      await tx.get(
        'SELECT 1 FROM roster_members WHERE series_id = ? AND user_id = ? AND removed_at IS NULL',
        [series.id, userId],
      );
      const slot = (await tx.get<{ id: number }>(
        `SELECT s.id FROM slots s JOIN meetings m ON m.id = s.meeting_id WHERE m.series_id = ? AND m.starts_at > ? ORDER BY m.starts_at, s.position LIMIT 1`,
        [series.id, NOW],
      ))!;
      await tx.run(`UPDATE slots SET user_id = ?, source = 'claim', pinned = 1 WHERE id = ?`, [
        userId,
        slot.id,
      ]);
      await tx.run(
        `INSERT INTO audit_log (guild_id, series_id, actor_id, action, at) VALUES (?, ?, ?, 'slot.claim', ?)`,
        [guildOf(s, 1), series.id, userId, NOW],
      );
    }),
  );
}
