import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../domain/errors.ts';
import type { Answer, Env } from './answer.ts';

export type Handler = (interaction: ChatInputCommandInteraction, env: Env) => Promise<Answer>;

/** The subcommand names of a command definition. */
export type SubcommandName<D extends { options: readonly { name: string }[] }> = D['options'][number]['name'];

/** Routes a command to the handler of its subcommand; an unknown one (stale definitions) is a clear error. */
export function bySubcommand<D extends { options: readonly { name: string }[] }>(
  _definition: D,
  handlers: Record<SubcommandName<D>, Handler>,
): Handler {
  const table: Record<string, Handler> = handlers;
  return async (interaction, env) => {
    const name = interaction.options.getSubcommand(false);
    const handler = name !== null && Object.hasOwn(table, name) ? table[name] : undefined;
    if (!handler) throw new UserError('error.command.unknown');
    return handler(interaction, env);
  };
}

/** An optional string option; undefined when not given. */
export function text(interaction: ChatInputCommandInteraction, name: string): string | undefined {
  return interaction.options.getString(name) ?? undefined;
}

/** An optional integer option; undefined when not given. */
export function integer(interaction: ChatInputCommandInteraction, name: string): number | undefined {
  return interaction.options.getInteger(name) ?? undefined;
}

/**
 * The given values only: `{ meeting: undefined }` becomes `{}`, so options a
 * member left out stay absent (the app's inputs are `exactOptionalPropertyTypes`).
 */
export function given<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
