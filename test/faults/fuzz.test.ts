/**
 * Bad input fuzz (issue #6): whatever a member types into any string option of
 * any slash command, or into a form the bot opens, the bot stays up, answers
 * every interaction exactly once, never shows a stack trace, answers a refusal
 * with a short ephemeral error and changes nothing, and no message it sends can
 * ping anyone the renderer did not mean to.
 *
 * The commands, subcommands and options are read from `COMMANDS` at run time,
 * so new commands are fuzzed without touching this file. The real discord.js
 * client runs against the local fake Discord; values come from a hand-picked
 * list and from fast-check with a fixed seed. Each case starts from the same
 * series (restored when a case went through), so a skip or a pause accepted in
 * one case does not leave the next ones nothing to act on.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { addMinutes } from '../../src/app/minutes.ts';
import { setOrganiserRole } from '../../src/app/setOrganiserRole.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { COMMANDS } from '../../src/discord/commands/index.ts';
import { type Harness, podiumGuild, startHarness, stopHarnesses, TZ } from '../e2e/harness.ts';
import { at } from '../support/db.ts';
import { testEngine } from '../support/engine.ts';
import {
  isErrorText,
  leaksInternals,
  type MentionPolicy,
  mentionProblems,
  visibleText,
} from './fuzz/checks.ts';
import {
  addDays,
  type Fixture,
  type Leaf,
  leafName,
  leavesOf,
  type OptionDef,
  optionsFor,
  stringOptions,
} from './fuzz/commands.ts';
import { FOREIGN, fuzzString, nastyPieces, nastyValues, type Real } from './fuzz/inputs.ts';
import { ACTORS, type ActorKind, FuzzRunner, type KnownBug, LOCALES } from './fuzz/runner.ts';

const SEED = 0x6_0d1a;
/**
 * On PostgreSQL every command costs a few server round trips more, so that
 * run sends every hand-picked value into every option once (as organiser or
 * as member in turn: the rights checks are the same code on both engines)
 * and a quarter of the random cases: every value still reaches the store,
 * in about a third of the time.
 */
const ON_POSTGRES = testEngine() === 'postgres';
/** Random cases over all string options, and over the inputs of the forms. */
const COMMAND_RUNS = ON_POSTGRES ? 1000 : 4000;
const FORM_RUNS = ON_POSTGRES ? 150 : 600;
/** About 8 s each on two cores; room for a loaded machine running the other test files alongside. */
const PHASE_TIMEOUT_MS = ON_POSTGRES ? 180_000 : 90_000;

// Bugs the fuzz found and that are not fixed yet, excused by id (none today: text that shows
// nothing — zero-width, direction marks, controls — was accepted as a name, reason, group,
// summary or title; \`hasVisibleText\` in src/domain/user-input.ts now refuses or drops it).
const KNOWN_BUGS: readonly KnownBug[] = [];

/** Members outside the rotation, so that fuzzing `/rotation add` keeps finding someone to add. */
const GUESTS = 12;

/**
 * The first meeting: the first Thursday of August two years from now. The
 * events mirroring meetings (with the series name and titles in them) are
 * fuzzed too; the fake judges them by the simulated clock.
 */
const FIRST = (() => {
  const year = new Date().getUTCFullYear() + 2;
  const august = new Date(Date.UTC(year, 7, 1));
  return addDays(august.toISOString().slice(0, 10), (4 - august.getUTCDay() + 7) % 7);
})();

interface Target {
  leaf: Leaf;
  option: OptionDef;
}

let h: Harness;
let runner: FuzzRunner;
let fixture: Fixture;
let leaves: Leaf[];
let targets: Target[];
let real: Real;
let nasty: string[];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

/** One value in one string option, the other options valid; typed into its autocomplete first if it has one. */
async function fuzzOption(target: Target, value: string, who: ActorKind, locale: string, pick: number) {
  const { leaf, option } = target;
  // Every fourth case fills the optional options too.
  const optional = new Set(pick % 4 === 3 ? leaf.options.map((o) => o.name) : []);
  const options = await optionsFor(leaf, fixture, { name: option.name, value }, optional, pick);
  if (!options) return;
  if (option.autocomplete) await runner.autocomplete(leaf, option, value, options, who, locale);
  await runner.command(leaf, options, who, locale, { option: option.name, value });
}

/** Fails the phase with the problems it found (known bugs excepted). */
function expectNoProblemsSince(from: number): void {
  expect(runner.problems.slice(from)).toEqual([]);
}

describe('the fuzz checks', () => {
  const policy: MentionPolicy = {
    users: new Set(['111']),
    roles: new Set(['222']),
    known: new Set(['111', '222', '333']),
  };
  const problems = (body: Record<string, unknown>) => mentionProblems({ where: 'test', body }, policy);
  const safe = { parse: [], users: ['111'], roles: ['222'] };

  it('accept a safe body, and mentions shown inside code', () => {
    expect(problems({ content: '<@111> <@&222> <#333> @\u200beveryone', allowed_mentions: safe })).toEqual(
      [],
    );
    expect(problems({ content: '```\n@everyone <@999>\n```', allowed_mentions: safe })).toEqual([]);
    expect(problems({ content: 'x `@here` y', allowed_mentions: { parse: [] } })).toEqual([]);
  });

  it('catch every kind of leak', () => {
    expect(problems({ content: 'hi' })).toEqual(['allowed_mentions is missing']);
    expect(problems({ content: 'hi', allowed_mentions: { parse: ['everyone'] } })).toHaveLength(1);
    expect(problems({ content: 'hi', allowed_mentions: { users: ['999'], roles: ['998'] } })).toHaveLength(2);
    expect(problems({ content: 'a @everyone', allowed_mentions: safe })).toEqual([
      'live @everyone in the text',
    ]);
    expect(
      problems({ embeds: [{ fields: [{ name: 'x', value: '@here' }] }], allowed_mentions: safe }),
    ).toEqual(['live @here in the text']);
    expect(problems({ content: `\\\`@everyone\\\``, allowed_mentions: safe })).toHaveLength(1);
    expect(
      problems({ content: `<@&${FOREIGN.role}> <#${FOREIGN.channel}>`, allowed_mentions: safe }),
    ).toHaveLength(2);
  });

  it('tell errors from answers, and stack traces from text', () => {
    expect(isErrorText('`2024-02-30` is not a date on the calendar; use YYYY-MM-DD, e.g. 2024-09-01.')).toBe(
      true,
    );
    expect(isErrorText('✅ Title saved for <t:1:F>: **x**')).toBe(false);
    expect(
      leaksInternals('TypeError: x\n    at decide (/work/main/src/discord/dispatcher.ts:12:3)'),
    ).toBeDefined();
    expect(leaksInternals('Every 2 weeks on Thursday at 21:00 (Asia/Shanghai)')).toBeUndefined();
  });
});

describe('bad input fuzz through Discord', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    const guild = podiumGuild();
    for (let n = 0; n < GUESTS; n++) {
      guild.members.push({
        id: `${BigInt(guild.id) + 2000n + BigInt(n)}`,
        username: `guest-${n}`,
        globalName: `Guest ${n}`,
        roles: [],
      });
    }
    h = await startHarness({ guilds: [guild], now: at(`${addDays(FIRST, -12)} 12:00`, TZ) });
    // discord.js holds itself to 50 requests a second; an accepted case re-syncs the scheduled
    // events of every upcoming meeting, so the fuzz would mostly wait on that. Rate limits have
    // their own test (outage.test.ts); here the client may go as fast as the fake answers.
    const rest = h.bot.client.rest;
    (rest.options as { globalRequestsPerSecond: number }).globalRequestsPerSecond = 1_000_000;
    rest.globalRemaining = 1_000_000;
    const boss = h.organiserCtx();
    await setupSeries(boss, {
      channelId: h.channels.meetings,
      weekday: 4,
      time: '21:00',
      timezone: TZ,
      everyWeeks: 2,
      start: FIRST,
      language: 'en',
      name: 'Kernel SIG',
      link: 'https://meet.example/kernel',
      topicChannelId: h.channels.topics,
    });
    for (const id of h.members) await addMember(boss, { userId: id, group: 'Main' });
    await setOrganiserRole(boss, { role: { id: h.organiserRole, managed: false } });
    // After the first meeting: it has a summary to show and edit, and the next is two weeks off.
    h.clock.now = at(`${addDays(FIRST, 1)} 12:00`, TZ);
    await addMinutes(h.organiserCtx(), { body: 'Rust in the kernel: notes and links.' });

    const memberIds = guild.members.map((m) => m.id);
    runner = new FuzzRunner(
      h,
      {
        users: new Set(memberIds),
        roles: new Set([h.organiserRole]),
        known: new Set([
          ...memberIds,
          h.fake.botUserId,
          ...guild.roles.map((r) => r.id),
          ...guild.channels.map((c) => c.id),
        ]),
      },
      KNOWN_BUGS,
    );
    // User options name the guests in turn (someone new to add), then the rotation, then organisers.
    fixture = runner.fixture(FIRST, [...memberIds.slice(9), ...memberIds.slice(0, 9)]);
    leaves = leavesOf(COMMANDS);
    targets = leaves.flatMap((leaf) => stringOptions(leaf).map((option) => ({ leaf, option })));
    real = { user: h.owner, role: h.organiserRole, date: addDays(FIRST, 14) };
    nasty = nastyValues(real);
    await runner.checkpoint();
  });

  afterAll(async () => {
    await stopHarnesses();
    process.off('unhandledRejection', onRejection);
  });

  it('reads every command and its string options from COMMANDS', () => {
    // The commands of the specification that exist today; new ones join on their own.
    expect(leaves.map(leafName)).toEqual(
      expect.arrayContaining(['/meeting setup', '/meeting postpone', '/rotation add', '/topic set']),
    );
    expect(targets.length).toBeGreaterThanOrEqual(20);
    // A required option the fuzz cannot fill would leave its subcommand out: extend `validValue`.
    const unfillable = leaves.flatMap((leaf) =>
      leaf.options
        .filter((o) => o.required && o.type === ApplicationCommandOptionType.Attachment)
        .map((o) => `${leafName(leaf)} ${o.name}`),
    );
    expect(unfillable).toEqual([]);
    console.info(
      `fuzzing ${targets.length} string options of ${leaves.length} subcommands: ${targets
        .map((t) => `${leafName(t.leaf)} ${t.option.name}`)
        .join(', ')}`,
    );
  });

  it('answers every subcommand with only its required options, as organiser, role organiser and member', async () => {
    const from = runner.problems.length;
    for (const leaf of leaves) {
      for (const [i, who] of ACTORS.entries()) {
        await runner.restore();
        const options = await optionsFor(leaf, fixture, undefined, new Set(), i);
        if (options) await runner.command(leaf, options, who, LOCALES[i % 2]!, undefined);
      }
    }
    await runner.restore();
    expectNoProblemsSince(from);
  });

  it(
    'survives every hand-picked nasty value in every string option, as organiser and as member',
    async () => {
      const from = runner.problems.length;
      let pick = 0;
      for (const target of targets) {
        for (const value of nasty) {
          pick += 1;
          // The organiser gets past the rights checks; the member (a presenter) acts on their own slot.
          const roles = ['organiser', 'member'] as const;
          for (const who of ON_POSTGRES ? [roles[pick % 2]!] : roles) {
            await runner.restore();
            await fuzzOption(target, value, who, LOCALES[pick % 2]!, pick);
          }
        }
      }
      await runner.restore();
      expectNoProblemsSince(from);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'survives random strings (fast-check) in every string option, from fresh and from drifted states',
    async () => {
      const from = runner.problems.length;
      const arbitrary = fc.record({
        index: fc.nat({ max: targets.length - 1 }),
        value: fuzzString(real, 'Rust in the kernel'),
        who: fc.constantFrom(...ACTORS),
        locale: fc.constantFrom(...LOCALES),
        pick: fc.nat({ max: 1000 }),
        // Sometimes the case runs on whatever the cases before it left.
        fresh: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ index, value, who, locale, pick, fresh }) => {
          const before = runner.problems.length;
          if (fresh) await runner.restore();
          await fuzzOption(targets[index]!, value, who, locale, pick);
          expect(runner.problems.slice(before)).toEqual([]);
        }),
        { seed: SEED, numRuns: COMMAND_RUNS, endOnFailure: true },
      );
      await runner.restore();
      expectNoProblemsSince(from);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'survives nasty and random text in every form the bot opened',
    async () => {
      const from = runner.problems.length;
      const forms = [...runner.forms.values()];
      console.info(`forms opened: ${forms.map((f) => `${f.from} → ${f.inputs.join(', ')}`).join('; ')}`);
      expect(forms.length).toBeGreaterThan(0);
      let pick = 0;
      for (const form of forms) {
        for (const input of form.inputs) {
          for (const value of nasty) {
            pick += 1;
            await runner.restore();
            await runner.form(form, { [input]: value }, LOCALES[pick % 2]!);
          }
        }
      }
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            index: fc.nat({ max: forms.length - 1 }),
            input: fc.nat(),
            value: fuzzString(real, 'Rust in the kernel'),
            locale: fc.constantFrom(...LOCALES),
            fresh: fc.boolean(),
          }),
          async ({ index, input, value, locale, fresh }) => {
            const before = runner.problems.length;
            const form = forms[index]!;
            if (fresh) await runner.restore();
            await runner.form(form, { [form.inputs[input % form.inputs.length]!]: value }, locale);
            expect(runner.problems.slice(before)).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: FORM_RUNS, endOnFailure: true },
      );
      await runner.restore();
      expectNoProblemsSince(from);
    },
    PHASE_TIMEOUT_MS,
  );

  it('posts reminders carrying every accepted nasty text without pinging anyone unmeant', async () => {
    const from = runner.problems.length;
    // Nasty text in every option and form, kept where accepted (the meeting after next is the one
    // skipped, postponed or paused, so the next one keeps its presenters and reminders).
    const dense = nastyPieces(real).join(' ');
    for (const [i, target] of targets.entries()) {
      const value = dense.slice(0, target.option.max_length ?? 200);
      await fuzzOption(target, value, 'member', LOCALES[i % 2]!, 1);
      await fuzzOption(target, value, 'organiser', LOCALES[i % 2]!, 1);
    }
    for (const form of runner.forms.values()) {
      for (const input of form.inputs) await runner.form(form, { [input]: dense }, 'en-US');
    }
    const channelPosts = () => h.fake.requestsMatching('POST', /^\/channels\/\d+\/messages$/);
    const before = channelPosts().length;
    // Title request, title nudge, agenda and follow-up of the next meeting, then of the one after.
    const next = addDays(FIRST, 14);
    const after = addDays(FIRST, 28);
    for (const local of [
      `${addDays(next, -2)} 21:30`,
      `${addDays(next, -1)} 21:30`,
      `${next} 20:30`,
      `${next} 23:30`,
      `${addDays(after, -2)} 21:30`,
      `${after} 20:30`,
      `${after} 23:30`,
    ]) {
      h.clock.now = at(local, TZ);
      await runner.settle();
    }
    // The title request and nudge (topic channel), the agenda and the follow-up at least.
    expect(channelPosts().length - before).toBeGreaterThanOrEqual(4);
    expectNoProblemsSince(from);
  });

  it('is still up, answered every interaction exactly once, and left nothing unhandled', async () => {
    const from = runner.problems.length;
    const schedule = leaves.find((l) => leafName(l) === '/meeting schedule')!;
    const { response, rejected } = await runner.command(schedule, {}, 'member', 'en-US', undefined);
    expect(visibleText(response?.data ?? {})).toContain('upcoming meetings');
    expect(rejected).toBe(false);
    expect(h.bot.client.isReady()).toBe(true);
    // One gateway session all along: nothing made the client reconnect.
    expect(h.fake.gatewayStats).toMatchObject({ connections: 1, identifies: 1, resumes: 0 });
    runner.checkOneAnswerEach();
    expectNoProblemsSince(from);
    expect(rejections).toEqual([]);
    expect(runner.problems).toEqual([]);
    for (const bug of KNOWN_BUGS) {
      if (!runner.excused.has(bug.id)) console.warn(`known bug ${bug.id} did not show up: fixed? remove it`);
    }
    const { command, autocomplete, form, rejected: refused, accepted } = runner.counts;
    console.info(
      `fuzz: ${command} commands, ${autocomplete} autocompletes, ${form} forms; ${refused} refused, ${accepted} accepted; ` +
        `known bugs: ${[...runner.excused].map(([id, cases]) => `${id} (${cases.length})`).join(', ') || 'none'}`,
    );
  });
});
