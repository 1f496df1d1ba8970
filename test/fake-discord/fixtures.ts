import { type APIRoleTags, type ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { snowflake } from './snowflake.ts';

/** A guild text channel the fake knows about. */
export interface ChannelFixture {
  id: string;
  name: string;
  /** Channel type; defaults to {@link ChannelType.GuildText}. */
  type?: ChannelType;
  topic?: string;
}

/** A guild role. `permissions` is a decimal bit-set string, as Discord sends it. */
export interface RoleFixture {
  id: string;
  name: string;
  /** Decimal permission bit set; defaults to `'0'`. */
  permissions?: string;
  color?: number;
  /** Defaults to the role's index in the fixture plus one (`@everyone` is 0). */
  position?: number;
  /**
   * Managed by an integration, as Discord marks a bot's own role, an integration's
   * role or the booster role: nobody can be given it. Defaults to false.
   */
  managed?: boolean;
  /** Discord's role tags: `bot_id` on a bot's own role, `integration_id`, `premium_subscriber: null`… */
  tags?: APIRoleTags;
}

/** A guild member (and the user behind it). */
export interface MemberFixture {
  id: string;
  username: string;
  globalName?: string | null;
  nick?: string | null;
  /** Role ids, `@everyone` excluded. */
  roles?: string[];
  /**
   * Guild-level permissions reported for this member in interactions (`member.permissions`).
   * Defaults to the union of `@everyone` and the member's roles (everything for the owner
   * or an administrator).
   */
  permissions?: string;
  bot?: boolean;
}

/** Everything the fake serves about one guild. */
export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  channels: ChannelFixture[];
  /**
   * Roles other than `@everyone`. A role whose id equals the guild id replaces the default
   * `@everyone` role.
   */
  roles: RoleFixture[];
  members: MemberFixture[];
  /** `preferred_locale` / `guild_locale`; defaults to `en-US`. */
  locale?: string;
  /** Permissions of the bot's managed role; defaults to {@link DEFAULT_BOT_PERMISSIONS}. */
  botPermissions?: string;
}

/** The bot account the client logs in as. */
export interface BotUserFixture {
  id: string;
  username: string;
  globalName?: string | null;
}

const P = PermissionFlagsBits;

/** Permissions of `@everyone` unless a fixture overrides them. */
export const DEFAULT_EVERYONE_PERMISSIONS = (
  P.ViewChannel |
  P.SendMessages |
  P.ReadMessageHistory |
  P.AddReactions |
  P.EmbedLinks |
  P.AttachFiles |
  P.UseApplicationCommands |
  P.CreateEvents
).toString();

/** Permissions of the bot's managed role unless a fixture overrides them. */
export const DEFAULT_BOT_PERMISSIONS = (
  BigInt(DEFAULT_EVERYONE_PERMISSIONS) |
  P.ManageMessages |
  P.ManageEvents |
  P.MentionEveryone
).toString();

/** Permissions of the `Moderator` role created by {@link makeGuildFixture}. */
export const MODERATOR_PERMISSIONS = (P.ManageGuild | P.ManageMessages | P.ManageEvents).toString();

/** Every permission bit; what owners and administrators get. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits)
  .reduce((all, bit) => all | bit, 0n)
  .toString();

/** Timestamp (2023-01-01) that fixture snowflakes start from, so they predate runtime ids. */
const FIXTURE_EPOCH_MS = Date.UTC(2023, 0, 1);
/** Offsets of each kind of object inside a guild's block of fixture snowflakes. */
const CHANNEL_OFFSET = 1;
const ROLE_OFFSET = 500;
const MEMBER_OFFSET = 1_000;

/** Options of {@link makeGuildFixture}. */
export interface MakeGuildOptions {
  /** Distinguishes generated guilds: ids, names and usernames derive from it. Defaults to 0. */
  index?: number;
  name?: string;
  /** Number of members (the first one owns the guild, the second is a moderator). Defaults to 5. */
  members?: number;
  /** Names of the text channels. Defaults to `['general', 'meetings']`. */
  channelNames?: string[];
}

/** The deterministic snowflake of the `offset`-th object of the `index`-th generated guild. */
function fixtureId(index: number, offset: number): string {
  return snowflake(FIXTURE_EPOCH_MS + index, offset);
}

/**
 * Generates a guild with deterministic ids: text channels, a `Moderator` role held by the
 * second member, and `members` members (`g<index>-user<n>`), the first of whom owns the guild.
 */
export function makeGuildFixture(options: MakeGuildOptions = {}): GuildFixture {
  const index = options.index ?? 0;
  const memberCount = options.members ?? 5;
  const channelNames = options.channelNames ?? ['general', 'meetings'];
  const moderatorRole: RoleFixture = {
    id: fixtureId(index, ROLE_OFFSET),
    name: 'Moderator',
    permissions: MODERATOR_PERMISSIONS,
  };
  const members = Array.from(
    { length: memberCount },
    (_, n): MemberFixture => ({
      id: fixtureId(index, MEMBER_OFFSET + n),
      username: `g${index}-user${n}`,
      globalName: `Member ${n} of guild ${index}`,
      roles: n === 1 ? [moderatorRole.id] : [],
    }),
  );
  return {
    id: fixtureId(index, 0),
    name: options.name ?? `Guild ${index}`,
    ownerId: members[0]?.id ?? fixtureId(index, MEMBER_OFFSET),
    channels: channelNames.map((name, n) => ({ id: fixtureId(index, CHANNEL_OFFSET + n), name })),
    roles: [moderatorRole],
    members,
  };
}

/** Generates `count` guilds of `membersPerGuild` members each (see {@link makeGuildFixture}). */
export function makeGuilds(count: number, membersPerGuild = 5): GuildFixture[] {
  return Array.from({ length: count }, (_, index) => makeGuildFixture({ index, members: membersPerGuild }));
}

/** The bot user used when {@link FakeDiscordOptions.botUser} is not given. */
export const DEFAULT_BOT_USER: BotUserFixture = {
  id: snowflake(FIXTURE_EPOCH_MS - 1, 0),
  username: 'Podium',
};
