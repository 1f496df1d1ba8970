import { GuildMember, type Interaction, PermissionFlagsBits } from 'discord.js';
import type { Actor } from '../app/context.ts';

/**
 * Who is acting, from the interaction: organiser rights from the member's
 * permissions in the channel (Manage Events or Manage Server, Administrator
 * included), roles from the member (without @everyone). Null outside a guild.
 */
export function actorOf(interaction: Interaction): Actor | null {
  if (!interaction.inGuild() || interaction.channelId === null) return null;
  const { guildId, member } = interaction;
  const roles = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  return {
    userId: interaction.user.id,
    guildId,
    channelId: interaction.channelId,
    canManage:
      interaction.memberPermissions?.any([
        PermissionFlagsBits.ManageEvents,
        PermissionFlagsBits.ManageGuild,
      ]) ?? false,
    roleIds: roles.filter((id) => id !== guildId),
  };
}
