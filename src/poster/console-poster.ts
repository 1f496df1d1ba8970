import { localDateTimeOf } from '../domain/zoned-time.ts';
import type { Post, Poster } from './poster.ts';

export interface ConsolePosterOptions {
  /** Where lines go (stdout by default). */
  write?: (line: string) => void;
  /** The instant shown as the post's time: the simulated clock in the demo. */
  clock: () => number;
  /** Display names for user ids, so mentions read as people. */
  names?: ReadonlyMap<string, string>;
}

/**
 * Prints each post as a person would read it: Discord timestamps turned into
 * local times of the series' zone, mentions into names, and who gets pinged.
 */
export class ConsolePoster implements Poster {
  private readonly write: (line: string) => void;
  private readonly clock: () => number;
  private readonly names: ReadonlyMap<string, string>;
  private sent = 0;

  constructor(options: ConsolePosterOptions) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.clock = options.clock;
    this.names = options.names ?? new Map();
  }

  /** The console never loses an answer: nothing is ever in doubt. */
  async find(): Promise<null> {
    return null;
  }

  async send(post: Post): Promise<{ messageId: string }> {
    const zone = post.meta.timeZone;
    const now = this.clock();
    const relative = new Intl.RelativeTimeFormat(post.meta.language, { numeric: 'auto' });
    // As a Discord client shows timestamps: F and the like as the local time, R relative to now.
    const shown = (unix: string, style: string | undefined) => {
      const at = Number(unix) * 1000;
      if (style !== 'R') return localDateTimeOf(at, zone);
      const minutes = Math.round((at - now) / 60_000);
      if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
      if (Math.abs(minutes) < 48 * 60) return relative.format(Math.round(minutes / 60), 'hour');
      return relative.format(Math.round(minutes / (24 * 60)), 'day');
    };
    const readable = (text: string) =>
      text
        .replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_, unix: string, style: string | undefined) =>
          shown(unix, style),
        )
        .replace(/<@!?(\d+)>/g, (_, id: string) => `@${this.names.get(id) ?? id}`)
        .replace(/<@&(\d+)>/g, '@organisers')
        .replace(/<#(\d+)>/g, '#topics');
    const pings = post.payload.allowedMentions.users.map((id) => this.names.get(id) ?? id);
    const lines = [
      `── ${localDateTimeOf(this.clock(), zone)} (${zone}) · ${post.meta.kind} · pings: ${pings.join(', ') || 'nobody'}`,
    ];
    if (post.payload.content) lines.push(readable(post.payload.content));
    for (const embed of post.payload.embeds) {
      if (embed.title) lines.push(`┃ ${readable(embed.title)}`);
      if (embed.description)
        lines.push(
          ...readable(embed.description)
            .split('\n')
            .map((l) => `┃ ${l}`),
        );
      for (const field of embed.fields ?? [])
        lines.push(`┃ ${readable(field.name)}: ${readable(field.value)}`);
    }
    for (const row of post.payload.components) {
      for (const c of row.components) if ('label' in c && c.label) lines.push(`[ ${c.label} ]`);
    }
    this.write(lines.join('\n'));
    this.sent += 1;
    return { messageId: `console-${this.sent}` };
  }
}
