import { DiscordAPIError } from 'discord.js';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS, commandDefinitions } from '../../src/discord/commands/index.ts';
import {
  COMMANDS_HASH_KEY,
  COMMANDS_SCOPE_KEY,
  registerCommands,
  STALE_GUILD_KEY,
} from '../../src/discord/register.ts';
import { silentLogger } from '../../src/log.ts';
import { getMeta } from '../../src/store/settings.ts';
import { startFakeDiscord } from '../fake-discord/server.ts';
import { testDb } from '../support/db.ts';
import { podiumGuild, startHarness, stopHarnesses } from './harness.ts';

afterEach(stopHarnesses);

/** Discord's rule for chat-input command and option names (and their localisations). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type Node = {
  name: string;
  description: string;
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
  options?: readonly APIApplicationCommandOption[];
  choices?: readonly {
    name: string;
    name_localizations?: Record<string, string | null> | null;
    value: unknown;
  }[];
  required?: boolean;
  type?: number;
};

/** Every rule Discord applies to a command definition that Podium could break, as readable failures. */
function problemsOf(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  let characters = 0;
  const visit = (node: Node, path: string) => {
    const names = [node.name, ...Object.values(node.name_localizations ?? {})];
    const descriptions = [node.description, ...Object.values(node.description_localizations ?? {})];
    for (const name of names) {
      if (typeof name !== 'string' || !NAME.test(name) || name !== name.toLowerCase())
        problems.push(`${path}: bad name ${name}`);
    }
    for (const d of descriptions) {
      if (typeof d !== 'string' || d.length < 1 || d.length > 100)
        problems.push(`${path}: bad description ${d}`);
    }
    if (!node.name_localizations?.['zh-CN']) problems.push(`${path}: no zh-CN name`);
    if (!node.description_localizations?.['zh-CN']) problems.push(`${path}: no zh-CN description`);
    characters += [...names, ...descriptions].join('').length;
    const options = (node.options ?? []) as Node[];
    if (options.length > 25) problems.push(`${path}: ${options.length} options`);
    if (new Set(options.map((o) => o.name)).size !== options.length)
      problems.push(`${path}: duplicate option names`);
    const zhNames = options.map((o) => o.name_localizations?.['zh-CN']);
    if (new Set(zhNames).size !== zhNames.length) problems.push(`${path}: duplicate zh-CN option names`);
    const firstOptional = options.findIndex((o) => !o.required);
    if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required))
      problems.push(`${path}: a required option after an optional one`);
    for (const choice of node.choices ?? []) {
      const choiceNames = [choice.name, ...Object.values(choice.name_localizations ?? {})];
      if (choiceNames.some((n) => typeof n !== 'string' || n.length < 1 || n.length > 100))
        problems.push(`${path}: bad choice ${choice.name}`);
      if (!choice.name_localizations?.['zh-CN'])
        problems.push(`${path}: choice ${choice.name} has no zh-CN name`);
      characters += choiceNames.join('').length + String(choice.value).length;
    }
    if ((node.choices ?? []).length > 25) problems.push(`${path}: too many choices`);
    for (const option of options) visit(option, `${path} ${option.name}`);
  };
  visit(command as Node, `/${command.name}`);
  if (characters > 8000) problems.push(`/${command.name}: ${characters} characters`);
  return problems;
}

describe('command registration', () => {
  it('registers on the first start, not again when nothing changed, again when the scope changes', async () => {
    const guild = podiumGuild();
    const fake = await startFakeDiscord({ guilds: [guild] });
    try {
      const db = await testDb();
      const first = await startHarness({ fake, db, guilds: [guild] });
      const puts = () => fake.requestsMatching('PUT', /\/commands$/).map((r) => r.path);
      expect(puts()).toEqual([`/applications/${fake.botUserId}/guilds/${guild.id}/commands`]);
      expect(fake.commands(guild.id).map((c) => c.name)).toEqual([
        'meeting',
        'rotation',
        'slot',
        'topic',
        'minutes',
        'season',
        'announce',
        'me',
        'help',
      ]);
      expect(fake.commands(guild.id)[0]?.name_localizations).toEqual({ 'zh-CN': '例会' });
      await first.stop();

      const second = await startHarness({ fake, db, guilds: [guild] });
      expect(puts()).toHaveLength(1);
      expect(second.logs.some((l) => l.msg === 'commands unchanged')).toBe(true);
      await second.stop();

      // From the guild to global: the guild's commands go, or members there would see each twice.
      const third = await startHarness({ fake, db, guilds: [guild], guildScoped: false });
      expect(puts()).toEqual([
        `/applications/${fake.botUserId}/guilds/${guild.id}/commands`,
        `/applications/${fake.botUserId}/commands`,
        `/applications/${fake.botUserId}/guilds/${guild.id}/commands`,
      ]);
      expect(fake.requestsMatching('PUT', /\/commands$/).at(-1)?.body).toEqual([]);
      expect(fake.commands(guild.id)).toEqual([]);
      expect(await getMeta(db, COMMANDS_SCOPE_KEY)).toBe('global');
      await third.stop();
      // Started globally again: nothing to register, nothing left to remove.
      await startHarness({ fake, db, guilds: [guild], guildScoped: false });
      expect(puts()).toHaveLength(3);
      expect(fake.commands().map((c) => c.name)).toEqual([
        'meeting',
        'rotation',
        'slot',
        'topic',
        'minutes',
        'season',
        'announce',
        'me',
        'help',
      ]);
    } finally {
      await stopHarnesses();
      await fake.close();
    }
  });

  it('tries the removal of old guild commands again on the next start when Discord fails, without blocking the start', async () => {
    const guild = podiumGuild();
    const fake = await startFakeDiscord({ guilds: [guild] });
    try {
      const db = await testDb();
      await (await startHarness({ fake, db, guilds: [guild] })).stop();
      // discord.js tries a request that gets a 500 four times (three retries): all four fail.
      fake.failNext({
        method: 'PUT',
        path: new RegExp(`/guilds/${guild.id}/commands$`),
        status: 500,
        count: 4,
      });
      const global = await startHarness({ fake, db, guilds: [guild], guildScoped: false });
      expect(fake.commands().length).toBeGreaterThan(0);
      expect(fake.commands(guild.id).length).toBeGreaterThan(0);
      expect(fake.injectedFailures).toBe(4);
      expect(await getMeta(db, STALE_GUILD_KEY)).toBe(guild.id);
      expect(global.logs.some((l) => l.msg === 'old guild commands not removed yet')).toBe(true);
      await global.stop();
      const again = await startHarness({ fake, db, guilds: [guild], guildScoped: false });
      expect(fake.commands(guild.id)).toEqual([]);
      expect(await getMeta(db, STALE_GUILD_KEY)).toBe('');
      expect(again.logs.some((l) => l.msg === 'old guild commands removed')).toBe(true);
    } finally {
      await stopHarnesses();
      await fake.close();
    }
  });

  it('has definitions that follow Discord’s rules, with zh-CN names and descriptions everywhere', () => {
    expect(commandDefinitions().map((c) => c.name)).toEqual([
      'meeting',
      'rotation',
      'slot',
      'topic',
      'minutes',
      'season',
      'announce',
      'me',
      'help',
    ]);
    for (const command of COMMANDS) expect(problemsOf(command.definition)).toEqual([]);
    // Organiser commands stay visible to holders of the organiser role: nothing hidden by permissions.
    for (const command of commandDefinitions()) expect(command.default_member_permissions).toBeUndefined();
    // The options the product names, exactly.
    const sub = (command: string, name: string) =>
      (commandDefinitions().find((c) => c.name === command)?.options ?? []).find(
        (o) => o.name === name,
      ) as Node;
    const names = (command: string, name: string) => (sub(command, name).options ?? []).map((o) => o.name);
    expect(names('meeting', 'setup')).toEqual([
      'channel',
      'weekday',
      'time',
      'timezone',
      'every_weeks',
      'start',
      'link',
      'presenters',
      'language',
      'name',
      'topic_channel',
      'duration',
      'clear_topic_channel',
      'mirror_events',
    ]);
    expect(names('meeting', 'postpone')).toEqual(['meeting', 'to', 'reason']);
    expect(names('meeting', 'pause')).toEqual(['from', 'until', 'reason']);
    expect(names('rotation', 'add')).toEqual(['user', 'group', 'position']);
    expect(names('slot', 'swap')).toEqual(['with', 'meeting', 'withdraw']);
    expect(names('slot', 'assign')).toEqual(['meeting', 'user']);
    expect(names('topic', 'set')).toEqual(['title', 'meeting']);
    expect(names('meeting', 'calendar')).toEqual([]);
    expect(names('meeting', 'history')).toEqual(['count']);
    expect(names('meeting', 'share')).toEqual(['reset']);
    expect(names('meeting', 'reminders')).toEqual(['title_request', 'title_nudge', 'agenda', 'follow_up']);
    expect(names('minutes', 'add')).toEqual(['meeting']);
    expect(names('minutes', 'show')).toEqual(['meeting']);
    expect(names('minutes', 'edit')).toEqual(['meeting', 'author']);
    expect(names('season', 'export')).toEqual(['from', 'to']);
    expect(names('announce', 'draft')).toEqual(['meeting']);
    const weekday = (sub('meeting', 'setup').options as Node[])[1]!;
    expect(weekday.type).toBe(ApplicationCommandOptionType.Integer);
    expect(weekday.choices?.map((c) => [c.value, c.name, c.name_localizations?.['zh-CN']])).toEqual([
      [1, 'Monday', '周一'],
      [2, 'Tuesday', '周二'],
      [3, 'Wednesday', '周三'],
      [4, 'Thursday', '周四'],
      [5, 'Friday', '周五'],
      [6, 'Saturday', '周六'],
      [7, 'Sunday', '周日'],
    ]);
  });

  it('is answered 400 by Discord for a bad name, and then records nothing', async () => {
    const h = await startHarness();
    const hash = await getMeta(h.db, COMMANDS_HASH_KEY);
    const bad = { name: 'Bad Name', description: 'x' } as RESTPostAPIChatInputApplicationCommandsJSONBody;
    expect(problemsOf(bad)).toContain('/Bad Name: bad name Bad Name');
    const attempt = registerCommands({
      rest: h.bot.client.rest,
      applicationId: h.fake.botUserId,
      guildId: h.guild.id,
      db: h.db,
      log: silentLogger(),
      definitions: [bad],
    });
    await expect(attempt).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(attempt).rejects.toMatchObject({ status: 400 });
    expect(await getMeta(h.db, COMMANDS_HASH_KEY)).toBe(hash);
    expect(h.fake.commands(h.guild.id)).toHaveLength(9);
  });
});
