import type { APIGuildMember, APIRole, APIUser, GuildMemberFlags, RoleFlags } from 'discord-api-types/v10';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import {
  ALL_PERMISSIONS,
  type BotUserFixture,
  type ChannelFixture,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type GuildFixture,
  type MemberFixture,
  type RoleFixture,
} from './fixtures.ts';
import type { SnowflakeGenerator } from './snowflake.ts';

/** A JSON object as exchanged with the client. */
export type JsonObject = Record<string, unknown>;

/** A guild fixture indexed for lookups, with `@everyone` and the bot's member and role added. */
export interface GuildState {
  readonly fixture: GuildFixture;
  readonly locale: string;
  /** Id of the managed role that carries the bot's permissions. */
  readonly botRoleId: string;
  readonly roles: ReadonlyMap<string, RoleFixture>;
  readonly channels: ReadonlyMap<string, ChannelFixture>;
  readonly members: ReadonlyMap<string, MemberFixture>;
}

/** A channel together with the guild it belongs to. */
export interface ChannelState {
  readonly guild: GuildState;
  readonly channel: ChannelFixture;
}

/** When the bot (and every fixture member) joined the fixture guilds. */
const JOINED_AT = new Date(Date.UTC(2024, 0, 1)).toISOString();

/** Indexes the fixtures and renders them as Discord API objects. */
export class Directory {
  readonly botUser: APIUser;
  readonly #guilds = new Map<string, GuildState>();
  readonly #channels = new Map<string, ChannelState>();
  readonly #users = new Map<string, MemberFixture>();

  constructor(guilds: readonly GuildFixture[], bot: BotUserFixture, ids: SnowflakeGenerator) {
    const botMember: MemberFixture = {
      id: bot.id,
      username: bot.username,
      globalName: bot.globalName ?? null,
      bot: true,
    };
    this.botUser = userObject(botMember);
    for (const fixture of guilds) this.#addGuild(fixture, botMember, ids.next());
  }

  /** Every guild, in fixture order. */
  guilds(): IterableIterator<GuildState> {
    return this.#guilds.values();
  }

  guild(id: string): GuildState | undefined {
    return this.#guilds.get(id);
  }

  channel(id: string): ChannelState | undefined {
    return this.#channels.get(id);
  }

  /**
   * The channel to act in: the given one, else the first channel of the given (else first)
   * guild. Throws if unknown or not in the given guild.
   */
  locate(guildId?: string, channelId?: string): ChannelState {
    const guild =
      guildId === undefined
        ? channelId === undefined
          ? this.#guilds.values().next().value
          : this.#channels.get(channelId)?.guild
        : this.#guilds.get(guildId);
    if (!guild) throw new Error(`Unknown guild ${guildId ?? `of channel ${channelId ?? '(no fixtures)'}`}`);
    const id = channelId ?? guild.fixture.channels[0]?.id ?? '(none)';
    const where = this.#channels.get(id);
    if (where?.guild !== guild) throw new Error(`No channel ${id} in guild ${guild.fixture.id}`);
    return where;
  }

  /** A member of the guild by id (or an ad-hoc one, as is); defaults to its first member. Throws if unknown. */
  member(guild: GuildState, user?: string | MemberFixture): MemberFixture {
    if (typeof user === 'object') return user;
    const member = user === undefined ? guild.fixture.members[0] : guild.members.get(user);
    if (!member) throw new Error(`No member ${user ?? '(none)'} in guild ${guild.fixture.id}`);
    return member;
  }

  /** A fixture user by id, from whichever guild lists them first. */
  user(id: string): MemberFixture | undefined {
    return this.#users.get(id);
  }

  #addGuild(fixture: GuildFixture, botMember: MemberFixture, botRoleId: string): void {
    if (this.#guilds.has(fixture.id)) throw new Error(`Duplicate guild id ${fixture.id} in fixtures`);
    const everyone: RoleFixture = {
      id: fixture.id,
      name: '@everyone',
      permissions: DEFAULT_EVERYONE_PERMISSIONS,
    };
    const botRole: RoleFixture = {
      id: botRoleId,
      name: botMember.username,
      permissions: fixture.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      // As Discord makes it when a bot joins: managed, tagged with the bot's id.
      managed: true,
      tags: { bot_id: botMember.id },
    };
    const roles = new Map([everyone, ...fixture.roles, botRole].map((role) => [role.id, role]));
    const members = new Map(fixture.members.map((member) => [member.id, member]));
    members.set(botMember.id, { ...botMember, roles: [botRole.id] });
    const guild: GuildState = {
      fixture,
      locale: fixture.locale ?? 'en-US',
      botRoleId,
      roles,
      channels: new Map(fixture.channels.map((channel) => [channel.id, channel])),
      members,
    };
    this.#guilds.set(fixture.id, guild);
    for (const channel of fixture.channels) this.#addChannel(guild, channel);
    for (const member of fixture.members) if (!this.#users.has(member.id)) this.#users.set(member.id, member);
  }

  #addChannel(guild: GuildState, channel: ChannelFixture): void {
    if (this.#channels.has(channel.id)) throw new Error(`Duplicate channel id ${channel.id} in fixtures`);
    this.#channels.set(channel.id, { guild, channel });
  }
}

/** A fixture member's user as an API user object. */
export function userObject(member: MemberFixture): APIUser {
  return {
    id: member.id,
    username: member.username,
    discriminator: '0',
    global_name: member.globalName ?? null,
    avatar: null,
    bot: member.bot ?? false,
  };
}

/** A guild member object (with `user`), as in GUILD_CREATE or `GET /guilds/:id/members/:id`. */
export function memberObject(member: MemberFixture): APIGuildMember {
  return {
    user: userObject(member),
    nick: member.nick ?? null,
    avatar: null,
    roles: member.roles ?? [],
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The guild-wide permissions of a member, as a decimal string. */
export function permissionsOf(guild: GuildState, member: MemberFixture): string {
  if (member.permissions !== undefined) return member.permissions;
  if (member.id === guild.fixture.ownerId) return ALL_PERMISSIONS;
  const roleIds = [guild.fixture.id, ...(member.roles ?? [])];
  const bits = roleIds.reduce((all, id) => all | BigInt(guild.roles.get(id)?.permissions ?? '0'), 0n);
  return (bits & PermissionFlagsBits.Administrator) === 0n ? bits.toString() : ALL_PERMISSIONS;
}

/** Every role of the guild as API role objects, `@everyone` first. */
export function roleObjects(guild: GuildState): APIRole[] {
  return [...guild.roles.values()].map((role, index) => ({
    id: role.id,
    name: role.name,
    color: role.color ?? 0,
    colors: { primary_color: role.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position ?? index,
    permissions: role.permissions ?? '0',
    managed: role.managed ?? false,
    mentionable: false,
    ...(role.tags ? { tags: role.tags } : {}),
    flags: 0 as RoleFlags,
  }));
}

/** A guild channel object, as returned by `GET /channels/:id`. */
export function channelObject(guild: GuildState, channel: ChannelFixture, position = 0): JsonObject {
  return {
    id: channel.id,
    type: channel.type ?? ChannelType.GuildText,
    guild_id: guild.fixture.id,
    name: channel.name,
    position,
    permission_overwrites: [],
    topic: channel.topic ?? null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

/** The fields of a guild object shared by `GET /guilds/:id` and GUILD_CREATE. */
export function guildObject(guild: GuildState): JsonObject {
  const { fixture } = guild;
  return {
    id: fixture.id,
    name: fixture.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: fixture.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: fixture.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    preferred_locale: guild.locale,
    features: [],
    vanity_url_code: null,
    application_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    roles: roleObjects(guild),
    emojis: [],
    stickers: [],
  };
}

/**
 * The GUILD_CREATE payload of a guild. As on Discord, the member list is only
 * sent in full to a session with the privileged Guild Members intent; without
 * it, only the bot's own member comes along.
 */
export function guildCreateObject(
  guild: GuildState,
  options: { allMembers: boolean; botUserId: string },
): JsonObject {
  const members = [...guild.members.values()].filter((m) => options.allMembers || m.id === options.botUserId);
  return {
    ...guildObject(guild),
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    members: members.map(memberObject),
    channels: guild.fixture.channels.map((channel, index) => channelObject(guild, channel, index)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
