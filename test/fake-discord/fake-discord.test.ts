import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type Interaction,
  InteractionResponseType,
  LabelBuilder,
  type Message,
  MessageFlags,
  ModalBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  autocomplete,
  button,
  chatInput,
  type FakeDiscord,
  type FakeDiscordOptions,
  makeGuilds,
  modalSubmit,
  modalSubmitFrom,
  startFakeDiscord,
  type UploadedFile,
} from './server.ts';

const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildScheduledEvents,
];

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(options);
  cleanups.push(() => fake.close());
  return fake;
}

/** A logged-in client, ready (all fixture guilds received). */
async function connect(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({ intents: INTENTS, ...options, rest: { api: fake.apiBase, ...options.rest } });
  cleanups.push(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login('fake.bot.token');
  await ready;
  return client;
}

function firstChannel(fake: FakeDiscord, client: Client): TextChannel {
  const guild = client.guilds.cache.first();
  const channel = guild?.channels.cache.find((c) => c.isTextBased());
  if (!channel) throw new Error(`No text channel cached (fake at ${fake.apiBase})`);
  return channel as TextChannel;
}

/** Answers every interaction with `answer`, recording what discord.js parsed. */
function onInteraction(
  client: Client,
  answer: (interaction: Interaction) => Promise<unknown>,
): Interaction[] {
  const seen: Interaction[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    seen.push(interaction);
    void answer(interaction);
  });
  return seen;
}

describe('fake Discord with the real discord.js client', () => {
  it('logs in with any token and caches the fixture guilds, channels and members', async () => {
    const guilds = makeGuilds(3, 4);
    const fake = await startFake({ guilds });
    const client = await connect(fake, { intents: [...INTENTS, GatewayIntentBits.GuildMembers] });

    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.botUserId);
    expect([...client.guilds.cache.keys()].sort()).toEqual(guilds.map((g) => g.id).sort());
    const guild = client.guilds.cache.get(guilds[1]?.id ?? '');
    expect(guild?.available).toBe(true);
    expect(guild?.ownerId).toBe(guilds[1]?.ownerId);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['general', 'meetings']);
    expect(guild?.members.cache.size).toBe(5); // four fixture members and the bot
    expect(guild?.members.me?.permissions.has('ManageEvents')).toBe(true);
    expect(fake.requestsMatching('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(fake.gatewayStats).toMatchObject({ connections: 1, identifies: 1, resumes: 0 });
  });

  it('creates a message once when the same nonce is sent twice with enforce_nonce', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = firstChannel(fake, client);

    const first = await channel.send({ content: 'Agenda posted', nonce: 'agenda-42', enforceNonce: true });
    const second = await channel.send({ content: 'Agenda posted', nonce: 'agenda-42', enforceNonce: true });

    expect(second.id).toBe(first.id);
    expect(fake.messages(channel.id)).toHaveLength(1);
    expect(fake.messages(channel.id)[0]).toMatchObject({ content: 'Agenda posted', nonce: 'agenda-42' });
    expect(fake.requestsMatching('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(2);
  });

  it('edits, reacts to, deletes messages and records multipart uploads', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = firstChannel(fake, client);

    const message = await channel.send({
      content: 'Minutes',
      files: [{ attachment: Buffer.from('notes'), name: 'm.txt' }],
    });
    const upload = fake.requestsMatching('POST', /\/messages$/)[0]?.body as {
      content: string;
      files: UploadedFile[];
    };
    expect(upload.content).toBe('Minutes');
    expect(upload.files[0]).toMatchObject({ filename: 'm.txt', data: Buffer.from('notes') });
    expect(message.attachments.first()?.name).toBe('m.txt');

    await message.edit('Minutes (final)');
    await message.react('👍');
    expect(fake.messages(channel.id)[0]).toMatchObject({
      content: 'Minutes (final)',
      reactions: [{ count: 1, me: true }],
    });
    expect(fake.requestsMatching('PUT', /\/reactions\/👍\/@me$/)).toHaveLength(1);

    await message.delete();
    expect(fake.messages(channel.id)).toEqual([]);
  });

  it('delivers a chat-input command and records the reply as the callback body', async () => {
    const guilds = makeGuilds(1, 3);
    const presenter = guilds[0]?.members[2]?.id ?? '';
    const fake = await startFake({ guilds });
    const client = await connect(fake);
    const seen = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const who = interaction.options.getUser('presenter', true);
      await interaction.reply({
        content: `${interaction.options.getSubcommand()} ${interaction.options.getInteger('weeks')} ${who.id}`,
        flags: MessageFlags.Ephemeral,
      });
    });

    const handle = fake.sendInteraction({
      ...chatInput('meeting', 'next', {
        weeks: 2,
        presenter: { type: ApplicationCommandOptionType.User, value: presenter },
      }),
      locale: 'fr',
    });

    expect(await handle.response).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: expect.objectContaining({ content: `next 2 ${presenter}`, flags: MessageFlags.Ephemeral }),
    });
    expect(seen[0]?.locale).toBe('fr');
    expect(seen[0]?.memberPermissions?.has('Administrator')).toBe(true); // the default user owns the guild
    expect(handle.original()?.flags).toBe(MessageFlags.Ephemeral);
    expect(fake.messages(seen[0]?.channelId ?? '')).toEqual([]); // ephemeral: not in the channel
  });

  it('records deferred replies, edits, follow-ups and with_response answers', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      if (interaction.commandName === 'instant') {
        const response = await interaction.reply({ content: 'now', withResponse: true });
        await interaction.followUp(`reply was ${response.resource?.message?.id}`);
        return;
      }
      await interaction.deferReply();
      await interaction.editReply('Rotation: Ana, Bo');
      await interaction.followUp({ content: 'Saved', flags: MessageFlags.Ephemeral });
    });

    const deferred = fake.sendInteraction(chatInput('rotation', 'show'));
    expect((await deferred.response).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(await deferred.waitForEdit()).toMatchObject({ content: 'Rotation: Ana, Bo' });
    expect(await deferred.waitForFollowup()).toMatchObject({
      content: 'Saved',
      flags: MessageFlags.Ephemeral,
    });
    expect(deferred.original()).toMatchObject({ content: 'Rotation: Ana, Bo', flags: 0 });
    expect(deferred.edits()).toHaveLength(1);

    const instant = fake.sendInteraction(chatInput('instant'));
    const followup = await instant.waitForFollowup();
    expect(followup.content).toBe(`reply was ${instant.original()?.id}`);
    const channelId = String(instant.payload.channel_id);
    expect(fake.messages(channelId).map((m) => m.content)).toEqual([
      'Rotation: Ana, Bo',
      'now',
      followup.content,
    ]);
  });

  it('answers autocomplete and rejects callbacks after the interaction deadline', async () => {
    const fake = await startFake({ interactionTimeoutMs: 100 });
    const client = await connect(fake);
    const lateErrors: unknown[] = [];
    onInteraction(client, async (interaction) => {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused();
        await interaction.respond([{ name: `${typed}-1`, value: `${typed}-1` }]);
      } else if (interaction.isChatInputCommand()) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        await interaction.reply('too late').catch((error: unknown) => lateErrors.push(error));
      }
    });

    const suggestion = fake.sendInteraction(autocomplete('title', { name: 'text', value: 'Rus' }, 'set'));
    expect(await suggestion.response).toEqual({
      type: 8,
      data: { choices: [{ name: 'Rus-1', value: 'Rus-1' }] },
    });

    const slow = fake.sendInteraction(chatInput('title', 'show'));
    await expect(slow.response).rejects.toThrow(/not acknowledged within 100 ms/);
    await fake.waitForRequest((r) => r.path.endsWith('/callback') && r.status === 404);
    await vi.waitFor(() => expect(lateErrors).toMatchObject([{ code: 10062 }]));
  });

  it('parses button clicks and modal submits of both layouts', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = firstChannel(fake, client);
    const submitted: string[] = [];
    onInteraction(client, async (interaction) => {
      if (interaction.isButton() && interaction.customId === 'rsvp') {
        await interaction.update({ content: `RSVP from ${interaction.user.username}`, components: [] });
      } else if (interaction.isButton()) {
        const topic = new TextInputBuilder().setCustomId('topic').setStyle(TextInputStyle.Short);
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('propose')
            .setTitle('Propose a topic')
            .addLabelComponents(new LabelBuilder().setLabel('Topic').setTextInputComponent(topic)),
        );
      } else if (interaction.isModalSubmit()) {
        submitted.push(interaction.fields.getTextInputValue('topic'));
        await interaction.reply({ content: 'Thanks', flags: MessageFlags.Ephemeral });
      }
    });

    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('rsvp').setLabel('RSVP').setStyle(ButtonStyle.Primary),
    );
    const invitation = await channel.send({ content: 'Meeting on Friday', components: [row] });
    const click = fake.sendInteraction({ ...button('rsvp'), message: invitation.id });
    expect((await click.response).type).toBe(InteractionResponseType.UpdateMessage);
    expect(fake.messages(channel.id)[0]).toMatchObject({
      id: invitation.id,
      content: 'RSVP from g0-user0',
      components: [],
    });

    const open = fake.sendInteraction(button('propose-topic'));
    const modal = await open.response;
    expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: 'propose' } });
    const fromModal = fake.sendInteraction(modalSubmitFrom(modal.data ?? {}, { topic: 'Rust async' }));
    const classic = fake.sendInteraction(modalSubmit('propose', { topic: 'Zig' }, 'actionRow'));
    await Promise.all([fromModal.response, classic.response]);
    expect(submitted).toEqual(['Rust async', 'Zig']);
  });

  it('dispatches user messages, without content unless the bot has the MESSAGE_CONTENT intent', async () => {
    const fake = await startFake();
    const withContent = await connect(fake);
    const withoutContent = await connect(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    const received = Promise.all([
      once(withContent, Events.MessageCreate),
      once(withoutContent, Events.MessageCreate),
    ]);

    const sent = fake.sendMessage({ content: 'Can I present next week?' });

    const [[full], [stripped]] = (await received) as [[Message], [Message]];
    expect(full).toMatchObject({ id: sent.id, content: 'Can I present next week?' });
    expect(full.member?.id).toBe(sent.author.id);
    expect(stripped.content).toBe('');
  });

  it('resumes after a dropped connection, replaying missed events exactly once', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const seen = onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply(interaction.commandName);
    });
    await fake.sendInteraction(chatInput('before')).response;
    const resumed = once(client, Events.ShardResume);

    expect(fake.dropConnection()).toBe(1);
    const during = fake.sendInteraction(chatInput('during')); // dispatched while disconnected
    const [, replayed] = (await resumed) as [number, number];
    await during.response;
    await fake.sendInteraction(chatInput('after')).response;

    expect(replayed).toBe(1);
    expect(seen.map((i) => (i.isChatInputCommand() ? i.commandName : ''))).toEqual([
      'before',
      'during',
      'after',
    ]);
    expect(fake.gatewayStats).toMatchObject({
      connections: 2,
      identifies: 1,
      resumes: 1,
      invalidSessions: 0,
    });
  });

  it('makes the client identify again when its session is invalidated', async () => {
    const fake = await startFake();
    // discord.js spaces IDENTIFYs 5 s apart (Discord's limit); no need to wait here.
    const client = await connect(fake, {
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    });
    onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    });

    fake.dropConnection(4000, { invalidateSession: true });
    // Close 4000 → RESUME → INVALID_SESSION → IDENTIFY: discord.js waits 500 ms before each reconnection.
    await vi.waitFor(() => expect(fake.gatewayStats.identifies).toBe(2), { timeout: 3000 });

    await fake.sendInteraction(chatInput('ping')).response;
    expect(fake.gatewayStats).toMatchObject({ resumes: 0, invalidSessions: 1, identifies: 2 });
  });

  it('has discord.js retry injected 429s and 500s, creating the message once', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = firstChannel(fake, client);
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });
    fake.failNext({ method: 'post', path: /^\/channels\/\d+\/messages$/, status: 500 });

    await channel.send('Reminder: meeting in 1 hour');

    const posts = fake.requestsMatching('POST', /^\/channels\/\d+\/messages$/);
    expect(posts.map((r) => r.status)).toEqual([429, 500, 200]);
    expect(fake.messages(channel.id)).toHaveLength(1);
    expect(fake.injectedFailures).toBe(2);
  });

  it('keeps a request whose response was lost from creating a duplicate, thanks to the nonce', async () => {
    const fake = await startFake();
    const client = await connect(fake, { rest: { timeout: 200, retries: 1 } });
    const channel = firstChannel(fake, client);
    fake.failNext({ path: /\/messages$/, status: 'hang', applied: true });

    const message = await channel.send({ content: 'Reminder', nonce: 'reminder-7', enforceNonce: true });

    expect(fake.requestsMatching('POST', /\/messages$/).map((r) => r.status)).toEqual([undefined, 200]);
    expect(fake.messages(channel.id).map((m) => m.id)).toEqual([message.id]);
  });

  it('forgets a nonce after its dedup window, measured on its own clock', async () => {
    const clock = { now: Date.parse('2030-01-01T00:00:00Z') };
    const fake = await startFake({ clock: () => clock.now, nonceWindowMs: 60_000 });
    const client = await connect(fake);
    const channel = firstChannel(fake, client);

    const first = await channel.send({ content: 'Agenda', nonce: 'n-1', enforceNonce: true });
    clock.now += 59_000;
    const within = await channel.send({ content: 'Agenda', nonce: 'n-1', enforceNonce: true });
    clock.now += 2_000;
    const after = await channel.send({ content: 'Agenda', nonce: 'n-1', enforceNonce: true });

    expect(within.id).toBe(first.id);
    expect(after.id).not.toBe(first.id);
    expect(fake.messages(channel.id)).toHaveLength(2);
    expect(first.createdTimestamp).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('lists messages newest first with before, after and limit, without their nonce', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = firstChannel(fake, client);
    const sent = [];
    for (const content of ['m1', 'm2', 'm3', 'm4', 'm5']) {
      sent.push(await channel.send({ content, nonce: content, enforceNonce: true }));
    }
    const rest = client.rest;
    const route = `/channels/${channel.id}/messages` as const;
    const list = async (query: Record<string, string>) =>
      (
        (await rest.get(route, { query: new URLSearchParams(query) })) as {
          content: string;
          nonce?: string;
        }[]
      ).map((m) => m.content);

    expect(await list({ after: sent[1]!.id, limit: '2' })).toEqual(['m4', 'm3']);
    expect(await list({ before: sent[3]!.id, limit: '2' })).toEqual(['m3', 'm2']);
    expect(await list({ limit: '3' })).toEqual(['m5', 'm4', 'm3']);
    const fetched = (await rest.get(route)) as { nonce?: unknown }[];
    expect(fetched.every((m) => !('nonce' in m))).toBe(true);
    await expect(list({ limit: '101' })).rejects.toThrow(/Invalid Form Body/);
    // The create response did carry it, as on Discord.
    expect(sent[0]!.nonce).toBe('m1');
  });

  it('creates a message and answers 500 (commit-then-error) when told to', async () => {
    const fake = await startFake();
    const client = await connect(fake, { rest: { retries: 0 } });
    const channel = firstChannel(fake, client);
    fake.failNext({ path: /\/messages$/, status: 500, applied: true });

    await expect(channel.send({ content: 'Reminder' })).rejects.toThrow();

    expect(fake.messages(channel.id).map((m) => m.content)).toEqual(['Reminder']);
  });

  it('answers matching requests only after the configured latency', async () => {
    const fake = await startFake({ latency: [{ method: 'POST', path: /\/messages$/, ms: 150 }] });
    const client = await connect(fake);
    const channel = firstChannel(fake, client);
    let answered = false;
    const sending = channel.send('slow').then(() => {
      answered = true;
    });
    await fake.waitForRequest((r) => r.method === 'POST');
    // The message exists before the answer arrives.
    expect(fake.messages(channel.id)).toHaveLength(1);
    expect(answered).toBe(false);
    await sending;
    expect(answered).toBe(true);
  });

  it('answers 429 (global) beyond rateLimitPerSecond, and counts it', async () => {
    const fake = await startFake({ rateLimitPerSecond: 3 });
    const client = await connect(fake); // GET /gateway/bot is the first request of the window
    const channel = firstChannel(fake, client);

    await Promise.all(['a', 'b', 'c', 'd'].map((content) => channel.send(content)));

    expect(
      fake
        .messages(channel.id)
        .map((m) => m.content)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(fake.globalRateLimit.exceeded).toBeGreaterThan(0);
    expect(fake.globalRateLimit.peakPerSecond).toBeGreaterThan(3);
  });

  it('stores application commands and guild scheduled events', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const guild = client.guilds.cache.first();
    if (!guild) throw new Error('no guild');

    await client.application?.commands.set([{ name: 'meeting', description: 'Meetings' }]);
    await guild.commands.set([{ name: 'agenda', description: 'Agenda' }]);
    expect(fake.commands().map((c) => c.name)).toEqual(['meeting']);
    expect(fake.commands(guild.id).map((c) => c.name)).toEqual(['agenda']);
    await expect(client.application?.commands.create({ name: 'Bad Name', description: 'x' })).rejects.toThrow(
      /Invalid Form Body/,
    );

    const start = new Date(Date.now() + 86_400_000);
    const event = await guild.scheduledEvents.create({
      name: 'Weekly meeting',
      scheduledStartTime: start,
      scheduledEndTime: new Date(start.getTime() + 3_600_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: 'Room 1' },
    });
    await event.edit({ description: 'Talk: Rust async' });
    expect(fake.scheduledEvents(guild.id)).toMatchObject([{ id: event.id, description: 'Talk: Rust async' }]);
    expect((await guild.scheduledEvents.fetch()).size).toBe(1);
    await event.delete();
    expect(fake.scheduledEvents(guild.id)).toEqual([]);
  });

  it('explains what it saw when waitForRequest times out', async () => {
    const fake = await startFake();
    await connect(fake);
    await expect(fake.waitForRequest((r) => r.method === 'DELETE', 50)).rejects.toThrow(
      /Timed out after 50 ms[\s\S]*GET \/gateway\/bot -> 200/,
    );
  });
});
