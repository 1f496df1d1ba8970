import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { helpView } from '../../app/helpView.ts';
import { type HelpEntry, renderHelp } from '../../render/help.ts';
import { privately } from '../answer.ts';
import type { Command } from './index.ts';

/**
 * Commands only organisers may use: `/help` lists them to organisers only.
 * A new organiser command belongs here too.
 */
export const ORGANISER_COMMANDS: ReadonlySet<string> = new Set([
  '/meeting setup',
  '/meeting postpone',
  '/meeting skip',
  '/meeting pause',
  '/meeting resume',
  '/meeting link',
  '/meeting history',
  '/meeting reminders',
  '/meeting organisers',
  '/meeting share',
  '/rotation add',
  '/rotation remove',
  '/rotation move',
  '/slot assign',
  '/season export',
  '/announce draft',
]);

export const helpCommand = {
  name: 'help',
  name_localizations: { 'zh-CN': '帮助' },
  description: 'What Podium does in this channel and the commands you may use',
  description_localizations: { 'zh-CN': 'Podium 在这个频道做什么，以及你可以用的命令' },
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Every command and subcommand of the registered definitions, as `/help` lists them. */
export function helpEntries(commands: readonly Command[]): HelpEntry[] {
  return commands.flatMap(({ definition: d }) => {
    const subs = (d.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    const items =
      subs.length === 0
        ? [{ path: `/${d.name}`, description: d.description, zh: d.description_localizations?.['zh-CN'] }]
        : subs.map((o) => ({
            path: `/${d.name} ${o.name}`,
            description: o.description,
            zh: o.description_localizations?.['zh-CN'],
          }));
    return items.map((x) => ({
      path: x.path,
      description: x.description,
      descriptionZh: x.zh ?? undefined,
      organiser: ORGANISER_COMMANDS.has(x.path),
    }));
  });
}

/** `/help` over the command list it describes (given late: the list includes `/help`). */
export function helpOver(commands: () => readonly Command[]): Command {
  return {
    definition: helpCommand,
    async execute(_i, { ctx, lang }) {
      return privately(renderHelp(await helpView(ctx), helpEntries(commands()), lang));
    },
  };
}
