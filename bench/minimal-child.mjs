// A minimal discord.js bot (same intents and cache limits as Podium, answers
// "pong"), measured like `bot-child.mjs`: the baseline Podium's memory is read against.
//
//   node --expose-gc bench/minimal-child.mjs <unused> <apiBase>
import { Events, MessageFlags } from 'discord.js';
import { createClient } from '../dist/discord/client.js';
import { residentMb, settle, settledResident, stdinClosed } from './child-memory.mjs';

const [, apiBase] = process.argv.slice(2);
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const t0 = performance.now();
const client = createClient({ apiBase });
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) void interaction.reply({ content: 'pong', flags: MessageFlags.Ephemeral });
});
const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
await client.login('bench.bot.token');
await ready;
say({
  event: 'ready',
  ms: Math.round(performance.now() - t0),
  ...(await settledResident()),
  guilds: client.guilds.cache.size,
});
const answered = stdinClosed();
const samples = [];
for (let s = 0; s < 3600; s += 1) {
  if (s % 600 === 0) samples.push(residentMb());
  if (s % 20 === 0) await new Promise((r) => setImmediate(r));
}
await answered;
await settle();
say({ event: 'hour', samples, ...(await settledResident()) });
await client.destroy();
process.exit(0);
