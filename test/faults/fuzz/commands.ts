/**
 * The fuzz targets, read from the registered command definitions at run time:
 * every subcommand (in groups too) with its options, and for each option a
 * valid value, so that a fuzzed option reaches its own validation and, when
 * what was typed is acceptable, the command goes through and shows it.
 */
import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import type { Command } from '../../../src/discord/commands/index.ts';
import type { OptionInput } from '../../fake-discord/server.ts';

/** The parts of an option definition the fuzzer reads. */
export interface OptionDef {
  type: T;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: readonly { value: string | number }[];
  min_value?: number;
  max_value?: number;
  max_length?: number;
}

/** One command as a member types it: `/meeting setup`, `/minutes add`, `/admin roles set`. */
export interface Leaf {
  command: string;
  /** `'sub'`, `'group sub'`, or undefined for a command without subcommands. */
  path: string | undefined;
  options: OptionDef[];
}

export function leafName(leaf: Leaf): string {
  return `/${[leaf.command, leaf.path].filter((p) => p !== undefined).join(' ')}`;
}

interface RawOption {
  type: number;
  name: string;
  options?: readonly RawOption[];
}

function asDefs(options: readonly RawOption[] | undefined): OptionDef[] {
  return (options ?? []) as unknown as OptionDef[];
}

/** Every subcommand (and subcommand of a group) of every command, in definition order. */
export function leavesOf(commands: readonly Command[]): Leaf[] {
  const out: Leaf[] = [];
  for (const { definition } of commands) {
    const options = (definition.options ?? []) as readonly RawOption[];
    const isSub = (o: RawOption) => o.type === T.Subcommand || o.type === T.SubcommandGroup;
    if (!options.some(isSub)) {
      out.push({ command: definition.name, path: undefined, options: asDefs(options) });
      continue;
    }
    for (const option of options) {
      if (option.type === T.Subcommand) {
        out.push({ command: definition.name, path: option.name, options: asDefs(option.options) });
      } else if (option.type === T.SubcommandGroup) {
        for (const sub of option.options ?? []) {
          out.push({
            command: definition.name,
            path: `${option.name} ${sub.name}`,
            options: asDefs(sub.options),
          });
        }
      }
    }
  }
  return out;
}

/** The string options of a leaf: what gets fuzzed. */
export function stringOptions(leaf: Leaf): OptionDef[] {
  return leaf.options.filter((o) => o.type === T.String);
}

/** Where valid values come from. */
export interface Fixture {
  /** Local date of the series' first meeting (a Thursday, 21:00, every two weeks); other dates follow from it. */
  first: string;
  seriesChannel: string;
  topicChannel: string;
  timezone: string;
  organiserRole: string;
  /** Who user options name, in turn. */
  users: readonly string[];
  /** What the bot itself suggests for an autocomplete option (asked as `asker`), freshest first. */
  suggest(leaf: Leaf, option: OptionDef, filled: Readonly<Record<string, OptionInput>>): Promise<string[]>;
}

/**
 * Known options whose valid value keeps the fuzz in a sane state: when a
 * fuzzed `/meeting setup` goes through, the series keeps its recurrence,
 * timezone and size.
 */
function known(fixture: Fixture): Readonly<Record<string, OptionInput>> {
  return {
    '/meeting setup weekday': 4,
    '/meeting setup time': '21:00',
    '/meeting setup every_weeks': 2,
    '/meeting setup start': fixture.first,
    '/meeting setup presenters': 2,
    '/meeting setup language': 'en',
    '/meeting setup timezone': fixture.timezone,
  };
}

const START_WORDS = /^(from|start|since|begin|first)/i;
const END_WORDS = /^(until|to|end|till|last)$/i;

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A value Discord would send for `option`, valid as far as its definition
 * tells (choices, range, the format its description names, the bot's own
 * suggestions); `pick` varies it between runs. Undefined if none can be made.
 */
export async function validValue(
  leaf: Leaf,
  option: OptionDef,
  fixture: Fixture,
  pick: number,
  filled: Readonly<Record<string, OptionInput>>,
): Promise<OptionInput | undefined> {
  const preset = known(fixture)[`${leafName(leaf)} ${option.name}`];
  if (preset !== undefined) return preset;
  if (option.choices && option.choices.length > 0) return option.choices[pick % option.choices.length]!.value;
  switch (option.type) {
    case T.String:
      return validString(leaf, option, fixture, pick, filled);
    case T.Integer:
    case T.Number: {
      const min = option.min_value ?? 1;
      const max = Math.max(min, option.max_value ?? min + 4);
      return Math.ceil(min) + (pick % (Math.floor(max) - Math.ceil(min) + 1));
    }
    case T.Boolean:
      return pick % 2 === 0;
    case T.User:
    case T.Mentionable:
      return { type: option.type, value: fixture.users[pick % fixture.users.length]! };
    case T.Channel:
      return {
        type: T.Channel,
        value: /topic/i.test(option.name) ? fixture.topicChannel : fixture.seriesChannel,
      };
    case T.Role:
      return { type: T.Role, value: fixture.organiserRole };
    default:
      // Attachments cannot be sent through the fake.
      return undefined;
  }
}

async function validString(
  leaf: Leaf,
  option: OptionDef,
  fixture: Fixture,
  pick: number,
  filled: Readonly<Record<string, OptionInput>>,
): Promise<string> {
  const d = option.description;
  const meeting = typeof filled.meeting === 'string' ? filled.meeting : undefined;
  if (/YYYY-MM-DD HH:mm/.test(d)) {
    // The day after the meeting being moved, at a time that changes between runs.
    return `${addDays(meeting ?? addDays(fixture.first, 14), 1)} ${String(18 + (pick % 4)).padStart(2, '0')}:${String((pick * 7) % 60).padStart(2, '0')}`;
  }
  if (/YYYY-MM-DD/.test(d) && !option.autocomplete) {
    // Ranges (pauses, exports): a few days, somewhere in the next months.
    const from = addDays(fixture.first, 19 + 7 * (pick % 26));
    if (START_WORDS.test(option.name)) return from;
    if (END_WORDS.test(option.name)) return addDays(from, 3 + (pick % 5));
    return from;
  }
  if (/timezone|IANA/i.test(`${option.name} ${d}`)) return fixture.timezone;
  // The example the description gives: `e.g. 21:00`, `(e.g. 2d, 36h, 90m)`, `e.g. Virtualization`.
  const example = /\be\.g\.,?\s+([^,;()]+)/.exec(d)?.[1]?.trim();
  if (example) return example;
  if (/HH:mm/.test(d)) return '21:00';
  if (option.autocomplete) {
    const suggestions = await fixture.suggest(leaf, option, filled);
    if (suggestions.length > 0) return suggestions[pick % suggestions.length]!;
  }
  if (/\b(url|link)\b/i.test(`${option.name} ${d}`)) return `https://meet.example/kernel-${pick}`;
  return `Rust in the kernel, part ${pick}`;
}

/**
 * The options of one invocation: `fuzzed` set to its value, every other
 * required option valid, and the optional ones in `withOptional` valid too.
 * Undefined when a required option cannot be filled.
 */
export async function optionsFor(
  leaf: Leaf,
  fixture: Fixture,
  fuzzed: { name: string; value: string } | undefined,
  withOptional: ReadonlySet<string>,
  pick: number,
): Promise<Record<string, OptionInput> | undefined> {
  const out: Record<string, OptionInput> = {};
  for (const option of leaf.options) {
    if (option.name === fuzzed?.name) {
      out[option.name] = { type: T.String, value: fuzzed.value };
      continue;
    }
    if (!option.required && !withOptional.has(option.name)) continue;
    const value = await validValue(leaf, option, fixture, pick, out);
    if (value === undefined) {
      if (option.required) return undefined;
      continue;
    }
    out[option.name] = value;
  }
  return out;
}
