import {
  type AutocompleteInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import { isUserError, type MessageParams } from '../domain/errors.ts';
import type { Language } from '../domain/model.ts';
import { languageOf, type MessageKey } from '../i18n/catalog.ts';
import type { Logger } from '../log.ts';
import type { FileAttachment } from '../render/attachments.ts';
import { messageOptions } from '../render/message-options.ts';
import type { MessagePayload } from '../render/payload.ts';
import { renderError } from '../render/replies.ts';
import { claimEvent, isApplied } from '../store/applied-events.ts';
import { type Db, isBusy as isStoreBusy, RollBack, type TransactionWrapper } from '../store/db.ts';
import { noteLanguage } from '../store/member-prefs.ts';
import { actorOf } from './actor.ts';
import type { Answer, Env } from './answer.ts';
import { suggest } from './autocomplete.ts';
import { COMMANDS, type Command } from './commands/index.ts';
import { pressButton, submitForm } from './components.ts';
import { memberNames } from './names.ts';

export interface DispatcherDeps {
  db: Db;
  log: Logger;
  /** The current instant (ms); the real clock in production. */
  clock: () => number;
  /** Defaults to every command of Podium. */
  commands?: readonly Command[];
  /** Called after an interaction changed something, e.g. to deliver its change notice at once. */
  onChange?: () => void;
  /** Called once per interaction handled, with how it ended (metrics). */
  onHandled?: (handled: Handled) => void;
}

/** One interaction handled: `/meeting share`, `button swap:accept`…, how it ended, and how long it took. */
export interface Handled {
  command: string;
  outcome: 'ok' | 'user_error' | 'busy' | 'error' | 'undelivered';
  ms: number;
}

/** Handles one interaction; never throws. */
export type Dispatcher = (interaction: Interaction) => Promise<void>;

/** What went wrong, in the reader's language: the key and its parameters. */
type Failure = { key: MessageKey; params: MessageParams };

/**
 * A lock held too long: better-sqlite3's `SQLITE_BUSY` (and its extended
 * codes), or PostgreSQL's "try again" (see `isBusy` in the store).
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    isStoreBusy(error) ||
    (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')))
  );
}

/** `/meeting postpone`, `button swap:accept:7`, … for the logs. */
function describe(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand(false);
    return [`/${interaction.commandName}`, group, sub].filter((x) => x !== null).join(' ');
  }
  if (interaction.isButton()) return `button ${interaction.customId}`;
  if (interaction.isModalSubmit()) return `form ${interaction.customId}`;
  return `interaction type ${interaction.type}`;
}

function logContext(interaction: Interaction) {
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    interactionId: interaction.id,
    command: describe(interaction),
  };
}

function replyOptions(
  payload: MessagePayload,
  ephemeral: boolean,
  files: readonly FileAttachment[] = [],
): InteractionReplyOptions {
  return {
    ...messageOptions(payload),
    ...(files.length > 0
      ? { files: files.map((f) => ({ attachment: Buffer.from(f.data, 'utf8'), name: f.name })) }
      : {}),
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** Sends what a handler decided. */
async function send(interaction: RepliableInteraction, answer: Answer): Promise<void> {
  switch (answer.kind) {
    case 'reply':
      await interaction.reply(replyOptions(answer.payload, answer.ephemeral, answer.files));
      return;
    case 'modal':
      if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) {
        throw new Error(`a form cannot answer ${describe(interaction)}`);
      }
      await interaction.showModal(answer.modal);
      return;
    case 'update':
      if (!interaction.isMessageComponent()) throw new Error(`only a button can update its message`);
      await interaction.update(messageOptions(answer.payload));
      await interaction.followUp(replyOptions(answer.followUp, true));
      return;
    case 'named':
      await send(interaction, answer.render(await memberNames(interaction.guild, answer.userIds)));
      return;
  }
}

class AlreadyApplied extends Error {}

/** Commands that only read: answered outside any transaction. Anything else runs in one. */
const READS = new Set([
  '/help',
  '/meeting show',
  '/meeting schedule',
  '/meeting history',
  '/meeting calendar',
  '/topic list',
  '/minutes show',
  '/season export',
  '/announce draft',
  '/me talks',
]);

/**
 * Runs `work` unless the event `id` was applied already (by another process
 * sharing the database, or an earlier delivery of it). `work` gets the store
 * to use: the record is written in the first transaction `work` opens through
 * it, so it commits with the change or not at all; a transaction that changes
 * nothing else is rolled back, so a read or a refusal leaves the database as
 * it was (and needs no write lock when it opens no transaction). Returns null
 * when the event was applied already (before, or while `work` ran and refused
 * what the other process had just done): do nothing, answer nothing.
 */
export async function applyOnce<T>(
  db: Db,
  id: string,
  kind: 'interaction' | 'message',
  now: number,
  work: (db: Db) => Promise<T>,
): Promise<{ value: T; changed: boolean } | null> {
  if (await isApplied(db, id)) return null;
  let claimed = false;
  const wrapper: TransactionWrapper = async (tx, body) => {
    if (claimed) return body();
    if (!(await claimEvent(tx, id, kind, now))) throw new AlreadyApplied();
    const before = tx.changes;
    const value = await body();
    if (tx.changes === before) throw new RollBack(value);
    claimed = true;
    return value;
  };
  try {
    const value = await work(db.aroundTransactions(wrapper));
    return { value, changed: claimed };
  } catch (error) {
    if (error instanceof AlreadyApplied) return null;
    // Refused because another process just made the change: that one answers.
    if (isUserError(error) && (await isApplied(db, id))) return null;
    throw error;
  }
}

/** Decides the answer: all the database work is done here, before anything is sent. */
async function decide(
  interaction: RepliableInteraction,
  env: Env,
  commands: ReadonlyMap<string, Command>,
): Promise<Answer> {
  if (interaction.isChatInputCommand()) {
    const command = commands.get(interaction.commandName);
    if (!command) return failureAnswer({ key: 'error.command.unknown', params: {} }, env.lang);
    return command.execute(interaction, env);
  }
  if (interaction.isButton()) return pressButton(interaction, env);
  if (interaction.isModalSubmit()) return submitForm(interaction, env);
  return failureAnswer({ key: 'error.stale', params: {} }, env.lang);
}

function failureAnswer(failure: Failure, lang: Language): Answer {
  return { kind: 'reply', payload: renderError(failure.key, failure.params, lang), ephemeral: true };
}

/**
 * The one entry point for interactions, with the one try/catch: a `UserError`
 * is answered ephemerally in the reader's language; a busy database with
 * `error.busy`; anything else is logged with its context and answered with
 * `error.generic`, never with a stack trace. A handler's database work is
 * done before its answer is sent, at once, well inside Discord's 3 seconds.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const commands = new Map((deps.commands ?? COMMANDS).map((c) => [c.definition.name, c]));
  const { log } = deps;

  return async (interaction) => {
    const lang = languageOf(interaction.locale);
    const actor = actorOf(interaction);
    if (interaction.isAutocomplete()) {
      if (actor)
        await autocomplete(interaction, { ctx: { db: deps.db, now: deps.clock(), actor }, lang }, log);
      else await interaction.respond([]).catch(() => undefined);
      return;
    }
    if (!interaction.isRepliable()) return;
    const started = performance.now();
    let outcome: Handled['outcome'] = 'ok';
    // Set once the handler has done its work: a failure after that is in the sending.
    let answer: Answer | undefined;
    try {
      if (!actor) {
        await send(interaction, failureAnswer({ key: 'error.guildOnly', params: {} }, lang));
        return;
      }
      const now = deps.clock();
      const decided = await applyOnce(deps.db, interaction.id, 'interaction', now, (db) => {
        const run = (store: Db) => decide(interaction, { ctx: { db: store, now, actor }, lang }, commands);
        // A change is one transaction from its first read to its last write, under the guild's
        // lock (docs/rules.md, "Transactions"); a read takes no write lock.
        return READS.has(describe(interaction)) ? run(db) : db.transaction(run, { lock: actor.guildId });
      });
      if (!decided) {
        log.debug(logContext(interaction), 'interaction already applied (by another process); not answered');
        return;
      }
      answer = decided.value;
      // Before answering: a direct message delivered while the answer is on its way is in this language.
      await rememberLanguage(deps, actor.guildId, actor.userId, lang);
      // Only a change has something new to deliver. Asked for before answering, so that whoever
      // waits for the answer and then for the deliverer to be idle finds that pass under way.
      if (decided.changed) deps.onChange?.();
      await send(interaction, answer);
    } catch (error) {
      if (answer) {
        // The change is made; only the answer was lost (expired interaction, Discord unreachable).
        outcome = 'undelivered';
        log.error({ ...logContext(interaction), err: error }, 'answer not delivered');
      } else if (isUserError(error)) {
        outcome = 'user_error';
        await answerFailure(interaction, { key: error.key, params: error.params }, lang, log);
      } else if (isBusy(error)) {
        outcome = 'busy';
        log.warn({ ...logContext(interaction), err: error }, 'database busy');
        await answerFailure(interaction, { key: 'error.busy', params: {} }, lang, log);
      } else {
        outcome = 'error';
        log.error({ ...logContext(interaction), err: error }, 'interaction failed');
        await answerFailure(interaction, { key: 'error.generic', params: {} }, lang, log);
      }
    }
    // Ids in custom ids (`swap:accept:7`) are dropped: one series per kind of interaction.
    const command = describe(interaction).replace(/:(\d+|next)\b/g, '');
    deps.onHandled?.({ command, outcome, ms: performance.now() - started });
  };
}

/** Direct messages go out in the language of the member's last interaction (members with `/me` settings only). */
async function rememberLanguage(
  deps: DispatcherDeps,
  guildId: string,
  userId: string,
  lang: Language,
): Promise<void> {
  try {
    await noteLanguage(deps.db, guildId, userId, lang, deps.clock());
  } catch (error) {
    deps.log.debug({ guildId, userId, err: error }, 'language not remembered');
  }
}

/** The ephemeral error: as the reply, or as a follow-up when the interaction was already answered. */
async function answerFailure(
  interaction: RepliableInteraction,
  failure: Failure,
  lang: Language,
  log: Logger,
): Promise<void> {
  const options = replyOptions(renderError(failure.key, failure.params, lang), true);
  try {
    if (interaction.replied || interaction.deferred) await interaction.followUp(options);
    else await interaction.reply(options);
  } catch (error) {
    // The interaction expired or Discord is unreachable: nobody is left to tell.
    log.warn({ ...logContext(interaction), err: error, key: failure.key }, 'could not answer with the error');
  }
}

async function autocomplete(interaction: AutocompleteInteraction, env: Env, log: Logger): Promise<void> {
  let choices: Awaited<ReturnType<typeof suggest>> = [];
  try {
    choices = await suggest(interaction, env);
  } catch (error) {
    // No series here yet, or a bad state: suggest nothing; the command itself will say what is wrong.
    if (!isUserError(error)) log.warn({ ...logContext(interaction), err: error }, 'autocomplete failed');
  }
  await interaction.respond(choices).catch((error: unknown) => {
    log.debug({ ...logContext(interaction), err: error }, 'autocomplete answer not delivered');
  });
}
