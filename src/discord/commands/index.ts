import type { ChatInputCommandInteraction } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer, Env } from '../answer.ts';
import { announce } from './announce.ts';
import { helpOver } from './help.ts';
import { me } from './me.ts';
import { meeting } from './meeting.ts';
import { minutes } from './minutes.ts';
import { rotation } from './rotation.ts';
import { season } from './season.ts';
import { slot } from './slot.ts';
import { topic } from './topic.ts';

/** A slash command: its definition, as registered with Discord, and what it does. */
export interface Command {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The database work is done and the answer decided before anything is sent. */
  execute(interaction: ChatInputCommandInteraction, env: Env): Promise<Answer>;
}

/** Every command Podium registers, in one explicit list. */
export const COMMANDS: readonly Command[] = [
  meeting,
  rotation,
  slot,
  topic,
  minutes,
  season,
  announce,
  me,
  helpOver(() => COMMANDS),
];

/** The definitions sent to Discord. */
export function commandDefinitions(
  commands: readonly Command[] = COMMANDS,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => c.definition);
}
