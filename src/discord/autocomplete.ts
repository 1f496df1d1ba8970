import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import { listSchedule } from '../app/listSchedule.ts';
import { recentHeldMeetings } from '../app/minutesForm.ts';
import type { MeetingView } from '../app/views.ts';
import { meetingLabel } from '../render/choices.ts';
import type { Env } from './answer.ts';
import { displayNames } from './names.ts';

/** Discord shows at most 25 suggestions. */
const MAX_CHOICES = 25;
const ALL_ZONES: readonly string[] = (() => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
})();

/** Offered before anything is typed. */
const COMMON_ZONES = [
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Asia/Kolkata',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'UTC',
].filter((z) => ALL_ZONES.includes(z));

/** IANA zones matching what was typed: prefix matches first, then a city prefix, then anywhere. */
export function timezoneChoices(typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const rank = (zone: string): number => {
    const z = zone.toLowerCase();
    if (z.startsWith(q)) return 0;
    if (z.split('/').some((part) => part.startsWith(q))) return 1;
    return z.includes(q) ? 2 : 3;
  };
  const zones =
    q === ''
      ? COMMON_ZONES
      : ALL_ZONES.map((zone) => ({ zone, rank: rank(zone) }))
          .filter((z) => z.rank < 3)
          .sort((a, b) => a.rank - b.rank)
          .map((z) => z.zone);
  return zones.slice(0, MAX_CHOICES).map((zone) => ({ name: zone, value: zone }));
}

/**
 * The meetings a `meeting` option is likely to name: for summaries, the
 * latest that took place (newest first); otherwise the upcoming ones.
 */
function candidateMeetings(interaction: AutocompleteInteraction, env: Env): Promise<MeetingView[]> {
  if (interaction.commandName === 'minutes') return recentHeldMeetings(env.ctx, { count: MAX_CHOICES });
  return listSchedule(env.ctx, { count: MAX_CHOICES });
}

/** The channel's meetings matching what was typed (a date prefix or a presenter's name). */
async function meetingChoices(
  interaction: AutocompleteInteraction,
  env: Env,
  typed: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const views = await candidateMeetings(interaction, env);
  const ids = views.flatMap((v) => v.slots.flatMap((s) => (s.userId === null ? [] : [s.userId])));
  const names = await displayNames(interaction.guild, ids);
  const q = typed.trim().toLowerCase();
  return views
    .map((v) => ({ name: meetingLabel(v, names, env.lang), value: v.date }))
    .filter((c) => q === '' || c.value.startsWith(q) || c.name.toLowerCase().includes(q))
    .slice(0, MAX_CHOICES);
}

/** Suggestions for the option being typed; none for options without autocomplete. */
export async function suggest(
  interaction: AutocompleteInteraction,
  env: Env,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const focused = interaction.options.getFocused(true);
  switch (focused.name) {
    case 'timezone':
      return timezoneChoices(String(focused.value));
    case 'meeting':
      return meetingChoices(interaction, env, String(focused.value));
    default:
      return [];
  }
}
