/**
 * Sends one fuzzed interaction at a time to the real bot through the fake
 * Discord and checks what came back: one answer of the right type, no stack
 * trace, errors short and ephemeral with the database unchanged, and every
 * message body sent so far safe to show (no ping the renderer did not mean).
 */
import { ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { isCancelled } from '../../../src/domain/model.ts';
import { inTransaction } from '../../../src/store/db.ts';
import { meetingsAfter } from '../../../src/store/meetings.ts';
import { getSeriesByChannel } from '../../../src/store/series.ts';
import { slotsOfMeeting } from '../../../src/store/slots.ts';
import { type Harness, settle, tableNames } from '../../e2e/harness.ts';
import {
  autocomplete,
  chatInput,
  type InteractionCallbackBody,
  type InteractionHandle,
  modalSubmitFrom,
  type OptionInput,
} from '../../fake-discord/server.ts';
import { snapshot } from '../../support/snapshot.ts';
import {
  ERROR_MAX_LENGTH,
  isErrorText,
  leaksInternals,
  type MentionPolicy,
  mentionProblems,
  messageBodies,
  visibleText,
} from './checks.ts';
import { type Fixture, type Leaf, leafName, type OptionDef } from './commands.ts';

export type ActorKind = 'organiser' | 'role organiser' | 'member';
export const ACTORS: readonly ActorKind[] = ['organiser', 'member', 'role organiser'];
export const LOCALES = ['en-US', 'zh-CN'] as const;

/** A form the bot opened, to be submitted with fuzzed values. */
export interface OpenedForm {
  from: string;
  user: string;
  data: NonNullable<InteractionCallbackBody['data']>;
  /** Custom ids of its text inputs. */
  inputs: string[];
}

/** A bug found and excluded from the failing checks, so the rest keeps running. */
export interface KnownBug {
  id: string;
  matches(problem: string): boolean;
}

export interface Outcome {
  response: InteractionCallbackBody | undefined;
  rejected: boolean;
}

interface Sent {
  handle: InteractionHandle;
  label: string;
  kind: 'command' | 'autocomplete' | 'form';
}

function textInputs(components: unknown): string[] {
  const out: string[] = [];
  const visit = (c: unknown) => {
    if (!c || typeof c !== 'object') return;
    const o = c as { type?: unknown; custom_id?: unknown; components?: unknown; component?: unknown };
    if (o.type === ComponentType.TextInput && typeof o.custom_id === 'string') out.push(o.custom_id);
    if (Array.isArray(o.components)) o.components.forEach(visit);
    visit(o.component);
  };
  if (Array.isArray(components)) components.forEach(visit);
  return out;
}

/** Nothing a reader would see: white space, control and format characters (zero-width, direction marks). */
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0]+$/u;

function show(value: string): string {
  const json = JSON.stringify(value);
  return json.length > 90 ? `${json.slice(0, 80)}…(${value.length} chars)` : json;
}

export class FuzzRunner {
  readonly h: Harness;
  readonly policy: MentionPolicy;
  readonly problems: string[] = [];
  /** Problems matched by a known bug, by bug id. */
  readonly excused = new Map<string, string[]>();
  readonly forms = new Map<string, OpenedForm>();
  readonly sent: Sent[] = [];
  readonly counts = { command: 0, autocomplete: 0, form: 0, rejected: 0, accepted: 0 };
  readonly #bugs: readonly KnownBug[];
  #checkedRequests = 0;
  #checkedLogs = 0;
  /** Bumped whenever an interaction may have changed the plan: suggestions are asked again. */
  #version = 0;
  #versions = 0;
  readonly #suggestions = new Map<string, { version: number; values: string[] }>();
  #saved: { table: string; rows: Record<string, unknown>[] }[] = [];
  /** Puts the fake's scheduled events back as they were at the checkpoint, with the rows that know them. */
  #restoreEvents: () => void = () => {};
  /** The version of the state {@link checkpoint} saved: what {@link restore} brings back. */
  #savedVersion = 0;
  readonly #invisibleSeen = new Set<string>();
  /** Whether an interaction may have changed the database since the last restore. */
  #dirty = false;

  constructor(h: Harness, policy: MentionPolicy, bugs: readonly KnownBug[] = []) {
    this.h = h;
    this.policy = policy;
    this.#bugs = bugs;
  }

  /** The user id acting as `kind`: a member is whoever presents at the next held meeting. */
  async actor(kind: ActorKind): Promise<string> {
    if (kind === 'organiser') return this.h.owner;
    if (kind === 'role organiser') return this.h.roleHolder;
    const series = await this.#series();
    for (const meeting of await meetingsAfter(this.h.db, series, this.h.clock.now)) {
      if (isCancelled(meeting)) continue;
      const presenter = (await slotsOfMeeting(this.h.db, meeting.id)).find((s) => s.userId !== null)?.userId;
      if (presenter) return presenter;
    }
    return this.h.members[0];
  }

  async #series(): Promise<number> {
    const series = await getSeriesByChannel(this.h.db, this.h.channels.meetings);
    if (!series) throw new Error('the fuzz needs the series of the meetings channel');
    return series.id;
  }

  /** The fixture view used to fill options, asking the bot for suggestions as the organiser. */
  fixture(first: string, users: readonly string[]): Fixture {
    return {
      first,
      seriesChannel: this.h.channels.meetings,
      topicChannel: this.h.channels.topics,
      timezone: 'Asia/Shanghai',
      organiserRole: this.h.organiserRole,
      users,
      suggest: (leaf, option, filled) => this.#suggest(leaf, option, filled),
    };
  }

  async #suggest(leaf: Leaf, option: OptionDef, filled: Readonly<Record<string, OptionInput>>) {
    const key = `${leafName(leaf)} ${option.name}`;
    const cached = this.#suggestions.get(key);
    if (cached && cached.version === this.#version) return cached.values;
    const { response } = await this.autocomplete(leaf, option, '', filled, 'organiser', 'en-US');
    const values = (response?.data?.choices ?? []).map((c) => String(c.value));
    this.#suggestions.set(key, { version: this.#version, values });
    return values;
  }

  /** A slash command as `who`, with its options. */
  async command(
    leaf: Leaf,
    options: Readonly<Record<string, OptionInput>>,
    who: ActorKind,
    locale: string,
    input: { option: string; value: string } | undefined,
  ): Promise<Outcome> {
    const user = await this.actor(who);
    const label = `${leafName(leaf)}${input ? ` ${input.option}=${show(input.value)}` : ' (required options only)'} as ${who} [${locale}]`;
    return this.#step('command', label, input?.value, () =>
      this.h.fake.sendInteraction({
        ...chatInput(leaf.command, leaf.path, options),
        guildId: this.h.guild.id,
        channelId: this.h.channels.meetings,
        user,
        locale,
      }),
    );
  }

  /** Typing `value` into an autocomplete option. */
  async autocomplete(
    leaf: Leaf,
    option: OptionDef,
    value: string,
    filled: Readonly<Record<string, OptionInput>>,
    who: ActorKind,
    locale: string,
  ): Promise<Outcome> {
    const user = await this.actor(who);
    const others = Object.fromEntries(Object.entries(filled).filter(([name]) => name !== option.name));
    const label = `autocomplete ${leafName(leaf)} ${option.name}=${show(value)} as ${who} [${locale}]`;
    return this.#step('autocomplete', label, value, () =>
      this.h.fake.sendInteraction({
        ...autocomplete(leaf.command, { name: option.name, value }, leaf.path, others),
        guildId: this.h.guild.id,
        channelId: this.h.channels.meetings,
        user,
        locale,
      }),
    );
  }

  /** Submits a form the bot opened, with `values` in its text inputs. */
  form(form: OpenedForm, values: Readonly<Record<string, string>>, locale: string): Promise<Outcome> {
    const shown = Object.entries(values)
      .map(([id, v]) => `${id}=${show(v)}`)
      .join(' ');
    const label = `form of ${form.from} ${shown} [${locale}]`;
    return this.#step('form', label, Object.values(values).join('\n'), () =>
      this.h.fake.sendInteraction({
        ...modalSubmitFrom(form.data, values),
        guildId: this.h.guild.id,
        channelId: this.h.channels.meetings,
        user: form.user,
        locale,
      }),
    );
  }

  /**
   * Remembers the rows of every table, so that each fuzz case can start from
   * this state again: a case that goes through (a skip, a pause) would
   * otherwise leave the next ones nothing to act on.
   */
  async checkpoint(): Promise<void> {
    await this.settle();
    const { db } = this.h;
    this.#saved = [];
    for (const table of await tableNames(db)) {
      this.#saved.push({ table, rows: await db.all(`SELECT * FROM "${table}"`) });
    }
    this.#restoreEvents = this.h.fake.saveScheduledEvents();
    this.#dirty = false;
    this.#version = ++this.#versions;
    this.#savedVersion = this.#version;
  }

  /** Puts the rows remembered by {@link checkpoint} back, if an interaction went through since. */
  async restore(): Promise<void> {
    await this.settle();
    if (!this.#dirty) return;
    await inTransaction(this.h.db, async (tx) => {
      // Rows go back in any order: foreign keys are checked at commit (SQLite), or not at all (PostgreSQL).
      if (tx.engine === 'sqlite') await tx.run('PRAGMA defer_foreign_keys = ON');
      else await tx.run('SET LOCAL session_replication_role = replica');
      for (const { table } of this.#saved) await tx.run(`DELETE FROM "${table}"`);
      for (const { table, rows } of this.#saved) {
        if (rows.length === 0) continue;
        // Many rows a statement, well inside either engine's limit on parameters.
        const columns = Object.keys(rows[0]!);
        const perStatement = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
        const names = columns.map((c) => `"${c}"`).join(', ');
        const tuple = `(${columns.map(() => '?').join(', ')})`;
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          await tx.run(
            `INSERT INTO "${table}" (${names}) VALUES ${chunk.map(() => tuple).join(', ')}`,
            chunk.flatMap((row) => columns.map((c) => row[c])),
          );
        }
      }
    });
    this.#restoreEvents();
    this.#dirty = false;
    this.#version = this.#savedVersion;
  }

  /** Records a problem, unless a known bug explains it. */
  report(label: string, problem: string): void {
    const full = `${label}: ${problem}`;
    const bug = this.#bugs.find((b) => b.matches(full));
    if (bug) {
      const list = this.excused.get(bug.id) ?? [];
      list.push(full);
      this.excused.set(bug.id, list);
    } else {
      this.problems.push(full);
    }
  }

  /**
   * Waits for the scheduler to be done with earlier changes, then checks every
   * message body and log line that arrived since the last check.
   */
  async settle(): Promise<void> {
    await settle(this.h);
    const requests = this.h.fake.requests;
    const fresh = requests.slice(this.#checkedRequests);
    this.#checkedRequests = requests.length;
    for (const sent of messageBodies(fresh)) {
      for (const problem of mentionProblems(sent, this.policy)) {
        this.report(sent.where, `${problem} in ${show(visibleText(sent.body))}`);
      }
    }
    for (const request of fresh) {
      // 400: Discord refuses the body (too long, empty, invalid). A 404 can be fine (a deleted event).
      if (request.status === 400 || request.status === 413) {
        this.report(
          `${request.method} ${request.path}`,
          `Discord refused the request (${request.status}): ${show(JSON.stringify(request.body ?? null))}`,
        );
      }
    }
    const logs = this.h.logs.slice(this.#checkedLogs);
    this.#checkedLogs = this.h.logs.length;
    for (const line of logs) {
      if (line.level >= 50) {
        const err = (line.err as { message?: string } | undefined)?.message ?? '';
        this.report(`log ${String(line.command ?? '')}`, `${line.msg}: ${err}`);
      }
    }
  }

  async #step(
    kind: Sent['kind'],
    label: string,
    input: string | undefined,
    send: () => InteractionHandle,
  ): Promise<Outcome> {
    await this.settle();
    const before = await snapshot(this.h.db);
    this.counts[kind] += 1;
    const handle = send();
    this.sent.push({ handle, label, kind });
    let response: InteractionCallbackBody;
    try {
      response = await handle.response;
    } catch (error) {
      this.report(label, `no answer: ${String(error)}`);
      return { response: undefined, rejected: false };
    }
    let after = before;
    const unchanged = async () => {
      after = await snapshot(this.h.db);
      return after === before;
    };

    if (kind === 'autocomplete') {
      if (response.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
        this.report(label, `answered with type ${response.type}, not autocomplete choices`);
      }
      const choices = response.data?.choices ?? [];
      if (choices.length > 25) this.report(label, `${choices.length} choices, more than 25`);
      for (const c of choices) {
        if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) {
          this.report(label, `choice name ${show(String(c.name))} is not 1–100 characters`);
        }
        if (typeof c.value === 'string' && c.value.length > 100) {
          this.report(label, `choice value ${show(c.value)} is longer than 100 characters`);
        }
      }
      if (!(await unchanged())) {
        this.report(label, 'autocomplete changed the database');
        this.#changed();
      }
      return { response, rejected: false };
    }

    if (response.type === InteractionResponseType.Modal) {
      if (kind === 'form') this.report(label, 'a form was answered with another form');
      const data = response.data ?? {};
      const inputs = textInputs(data.components);
      if (typeof data.custom_id !== 'string' || inputs.length === 0) {
        this.report(label, `a form without custom id or text inputs: ${show(JSON.stringify(data))}`);
      } else {
        const user = String((handle.payload.member as { user: { id: string } }).user.id);
        // One form of each kind (the ids in it vary), as the first member it opened for.
        const key = data.custom_id.replace(/\d+/g, '#');
        if (!this.forms.has(key)) this.forms.set(key, { from: label, user, data, inputs });
      }
      this.counts.accepted += 1;
      return { response, rejected: false };
    }

    if (response.type !== InteractionResponseType.ChannelMessageWithSource) {
      this.report(label, `answered with type ${response.type}, not a message or a form`);
      return { response, rejected: false };
    }
    const data = response.data ?? {};
    const text = visibleText(data);
    const leak = leaksInternals(text);
    if (leak !== undefined && (input === undefined || leaksInternals(input) === undefined)) {
      this.report(label, `the answer shows internals (${leak}): ${show(text)}`);
    }
    const content = typeof data.content === 'string' ? data.content : '';
    const rejected = isErrorText(content);
    if (rejected) {
      this.counts.rejected += 1;
      if (((data.flags ?? 0) & MessageFlags.Ephemeral) === 0)
        this.report(label, `a public error: ${show(content)}`);
      if (content.length > ERROR_MAX_LENGTH) this.report(label, `an error of ${content.length} characters`);
      if ((data.embeds?.length ?? 0) > 0 || (data.components?.length ?? 0) > 0) {
        this.report(label, 'an error with embeds or components');
      }
      if (!(await unchanged())) {
        this.report(
          label,
          `refused (${show(content)}) but the database changed${tablesChanged(before, after)}`,
        );
        this.#changed();
      }
    } else {
      this.counts.accepted += 1;
      if (!(await unchanged())) {
        this.#changed();
        for (const cell of await this.#invisibleCells()) {
          // Each one once: a cell left by an earlier case (in a drifted state) is not this case's doing.
          if (this.#invisibleSeen.has(cell)) continue;
          this.#invisibleSeen.add(cell);
          this.report(label, `accepted and stored text that shows nothing: ${cell}`);
        }
      }
    }
    return { response, rejected };
  }

  /**
   * Text cells that are not empty but show nothing (only spaces, control and
   * format characters such as zero-width spaces or direction marks): user text
   * that should have been refused, or taken as not given, like an empty title.
   */
  async #invisibleCells(): Promise<string[]> {
    const { db } = this.h;
    const out: string[] = [];
    for (const { table } of this.#saved) {
      for (const row of await db.all(`SELECT * FROM "${table}"`)) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' && value !== '' && INVISIBLE.test(value)) {
            out.push(`${table}.${column} = ${show(value)}`);
          }
        }
      }
    }
    return out;
  }

  /** The database changed: suggestions are asked again, and the next restore has work to do. */
  #changed(): void {
    this.#version = ++this.#versions;
    this.#dirty = true;
  }

  /**
   * Every interaction got exactly one answer: one accepted callback, and no
   * follow-up (an error after the answer would be one).
   */
  checkOneAnswerEach(): void {
    const callbacks = new Map<string, number[]>();
    const followups = new Map<string, number>();
    for (const r of this.h.fake.requests) {
      const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(r.path);
      if (callback && r.method === 'POST') {
        const list = callbacks.get(callback[1]!) ?? [];
        list.push(r.status ?? 0);
        callbacks.set(callback[1]!, list);
      }
      const webhook = /^\/webhooks\/\d+\/([^/]+)$/.exec(r.path);
      if (webhook && r.method === 'POST') followups.set(webhook[1]!, (followups.get(webhook[1]!) ?? 0) + 1);
    }
    for (const { handle, label } of this.sent) {
      const statuses = callbacks.get(handle.id) ?? [];
      if (statuses.length !== 1 || statuses[0]! >= 300) {
        this.report(label, `answered ${statuses.length} time(s) (statuses ${statuses.join(', ')})`);
      }
      const extra = followups.get(handle.token) ?? 0;
      if (extra > 0) this.report(label, `${extra} follow-up message(s) after the answer`);
    }
  }
}

/** Which tables differ between two PostgreSQL snapshots (a SQLite image does not say): for the report. */
function tablesChanged(before: string, after: string): string {
  if (!before.startsWith('{')) return '';
  const [a, b] = [JSON.parse(before), JSON.parse(after)] as Record<string, unknown>[];
  const tables = Object.keys({ ...a, ...b }).filter((t) => JSON.stringify(a?.[t]) !== JSON.stringify(b?.[t]));
  return ` (tables: ${tables.join(', ')})`;
}
