/** The shapes the domain works with; the store maps rows to these. */

export type Language = 'zh-CN' | 'en';

export type MeetingStatus = 'scheduled' | 'postponed' | 'skipped' | 'paused';

export type SlotSource = 'rotation' | 'claim' | 'swap' | 'assign' | 'open';

export type ReminderKind = 'title_request' | 'title_nudge' | 'agenda' | 'follow_up';

/** Minutes before the meeting (negative: after it); `null` turns the reminder off. */
export interface ReminderOffsets {
  titleRequest: number | null;
  titleNudge: number | null;
  agenda: number | null;
  followUp: number | null;
}

export const DEFAULT_OFFSETS: ReminderOffsets = {
  titleRequest: 2 * 24 * 60,
  titleNudge: 24 * 60,
  agenda: 60,
  followUp: -120,
};

export interface Series {
  id: number;
  guildId: string;
  channelId: string;
  name: string;
  timeZone: string;
  weekday: number;
  hour: number;
  minute: number;
  everyWeeks: number;
  firstDate: string; // YYYY-MM-DD
  durationMin: number;
  link: string | null;
  presenters: number;
  language: Language;
  topicChannelId: string | null;
  offsets: ReminderOffsets;
  /** When the plan next needs extending: the start of the first upcoming meeting. */
  nextPlanAt: number;
  active: boolean;
}

export interface Meeting {
  id: number;
  seriesId: number;
  seq: number;
  plannedAt: number;
  startsAt: number;
  status: MeetingStatus;
  reason: string | null;
  pauseId: number | null;
  version: number;
}

export function isCancelled(meeting: Pick<Meeting, 'status'>): boolean {
  return meeting.status === 'skipped' || meeting.status === 'paused';
}

export interface Slot {
  id: number;
  meetingId: number;
  position: number;
  userId: string | null;
  source: SlotSource;
  pinned: boolean;
  title: string | null;
}

export interface RosterMember {
  id: number;
  seriesId: number;
  userId: string;
  groupName: string | null;
  position: number;
  /** Turns credited on joining, so a newcomer starts in the current round. */
  turnsBase: number;
  /** Set on release: the member is first in line while their turns stay at this count. */
  frontAtTurns: number | null;
}

export interface Pause {
  id: number;
  seriesId: number;
  fromDate: string;
  untilDate: string;
  reason: string | null;
  endedAt: number | null;
}

export type SwapStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled';

export interface SwapRequest {
  id: number;
  seriesId: number;
  fromUserId: string;
  fromMeetingId: number;
  toUserId: string;
  /** The meeting of the asked member's slot, or null when they hold none (a hand-over). */
  toMeetingId: number | null;
  status: SwapStatus;
  expiresAt: number;
  createdAt: number;
}

/** Dates (series timezone, both included) a member cannot present: the plan leaves them out. */
export interface AwayPeriod {
  id: number;
  seriesId: number;
  userId: string;
  fromDate: string;
  untilDate: string;
  reason: string | null;
}

/** A member's own settings in a guild (`/me`). */
export interface MemberPrefs {
  guildId: string;
  userId: string;
  dmEnabled: boolean;
  /** Podium's language for them: their Discord client's locale on their last interaction. */
  language: Language | null;
  /** When Discord last refused a direct message to them (DMs closed); DMs wait until `/me dm on`. */
  dmRefusedAt: number | null;
}
