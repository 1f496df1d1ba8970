import type { MessagePayload } from './payload.ts';

/**
 * A rendered payload as discord.js message options. `parse` is always empty,
 * so only the users and roles the renderer listed can be pinged; nothing a
 * member typed can ping @everyone, @here or a role.
 */
export function messageOptions(p: MessagePayload) {
  return {
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    allowedMentions: {
      parse: [],
      users: [...p.allowedMentions.users],
      roles: [...p.allowedMentions.roles],
    },
  };
}

/** The same payload as a REST body (`allowed_mentions`), for `POST /channels/:id/messages`. */
export function messageBody(p: MessagePayload) {
  return {
    content: p.content,
    embeds: p.embeds,
    components: p.components,
    allowed_mentions: {
      parse: [],
      users: [...p.allowedMentions.users],
      roles: [...p.allowedMentions.roles],
    },
  };
}
