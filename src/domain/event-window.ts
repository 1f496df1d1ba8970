/**
 * Which meetings are mirrored as Discord scheduled events, within Discord's
 * limits. Pure: the store hands in the candidates, the caller applies the result.
 *
 * A guild holds at most 100 events that are scheduled or active (Discord's
 * limit; creating one more is refused with JSON error 30038). Podium keeps to
 * a budget below that, so the guild's own events always have room: each series
 * mirrors only its next few held meetings (default 2, 0 = off), and when the
 * series of one guild together ask for more than the budget, every series'
 * next meeting goes first, then every series' second, and so on, sooner first.
 */

/** Discord's limit on scheduled or active events per guild. */
export const GUILD_EVENT_CAP = 100;
/** Events Podium leaves to the guild's own. */
export const GUILD_EVENT_HEADROOM = 20;
/** The most live scheduled events Podium keeps in one guild. */
export const PODIUM_EVENT_BUDGET = GUILD_EVENT_CAP - GUILD_EVENT_HEADROOM;
/** Meetings mirrored per series unless an organiser says otherwise. */
export const DEFAULT_MIRRORED_MEETINGS = 2;
/** At most this many per series: the plan covers 8 held meetings. */
export const MAX_MIRRORED_MEETINGS = 8;

/** An upcoming held meeting that its series would like mirrored. */
export interface MirrorCandidate {
  meetingId: number;
  seriesId: number;
  /** 1 for the series' next held meeting, 2 for the one after, … */
  rank: number;
  startsAt: number;
  version: number;
  channelId: string;
}

/** The candidates that get a scheduled event: by rank, then start, up to the budget. */
export function selectMirrored(
  candidates: readonly MirrorCandidate[],
  budget = PODIUM_EVENT_BUDGET,
): MirrorCandidate[] {
  return [...candidates]
    .sort((a, b) => a.rank - b.rank || a.startsAt - b.startsAt || a.meetingId - b.meetingId)
    .slice(0, Math.max(0, budget));
}

export type MirrorAction = 'upsert' | 'cancel' | 'remove' | 'none';

/**
 * What a meeting's scheduled event needs: a cancelled meeting's event is
 * cancelled (members see it is off); a selected meeting's event is created or
 * brought to its latest version; the event of a held meeting outside the
 * selection is removed (the meeting still takes place, it is only not shown).
 */
export function mirrorAction(input: {
  selected: boolean;
  cancelled: boolean;
  version: number;
  /** The meeting's live event, if it has one (not cancelled). */
  live: { syncedVersion: number } | null;
}): MirrorAction {
  const { selected, cancelled, version, live } = input;
  if (cancelled) return live ? 'cancel' : 'none';
  if (selected) return live?.syncedVersion === version ? 'none' : 'upsert';
  return live ? 'remove' : 'none';
}
