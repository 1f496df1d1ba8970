import type { Meeting, Series, Slot } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/db.ts';
import { slotsOfMeeting } from '../store/slots.ts';

/** A meeting with what a renderer needs to show it. */
export interface MeetingView {
  series: Series;
  meeting: Meeting;
  /** Local date of the start, `YYYY-MM-DD`, in the series zone. */
  date: string;
  slots: Slot[];
}

export async function meetingView(db: Db, series: Series, meeting: Meeting): Promise<MeetingView> {
  return {
    series,
    meeting,
    date: localDateOf(meeting.startsAt, series.timeZone),
    slots: await slotsOfMeeting(db, meeting.id),
  };
}
