import { messageDigest } from '../../src/poster/message-digest.ts';
import type { Lookup, Post, Poster } from '../../src/poster/poster.ts';

export interface Recorded {
  at: number;
  kind: string;
  meetingId: number | null;
  channelId: string;
  nonce: string;
  users: string[];
  content: string;
  post: Post;
}

/**
 * A Poster that behaves like Discord with `enforce_nonce`: a repeat of a nonce
 * returns the first message and shows nothing new. `fail` lets a test make a
 * send throw, before or after the message "reached Discord".
 */
export class RecordingPoster implements Poster {
  readonly messages: Recorded[] = [];
  readonly attempts: Post[] = [];
  readonly lookups: Lookup[] = [];
  private readonly byNonce = new Map<string, string>();
  fail: ((post: Post) => { error: Error; afterSend: boolean } | null) | null = null;

  constructor(private readonly clock: () => number) {}

  /** Like Discord listing the channel: messages since the attempt, matched by digest (no nonce). */
  async find(lookup: Lookup): Promise<{ messageId: string } | null> {
    this.lookups.push(lookup);
    for (const [i, m] of this.messages.entries()) {
      if (
        m.channelId === lookup.channelId &&
        m.at >= lookup.attemptAt - 60_000 &&
        messageDigest(m.post.payload) === lookup.digest &&
        !(await lookup.isTaken(String(i + 1)))
      ) {
        return { messageId: String(i + 1) };
      }
    }
    return null;
  }

  async send(post: Post): Promise<{ messageId: string }> {
    this.attempts.push(post);
    const failure = this.fail?.(post) ?? null;
    if (failure && !failure.afterSend) throw failure.error;
    let id = this.byNonce.get(`${post.channelId}:${post.nonce}`);
    if (!id) {
      id = String(this.messages.length + 1);
      this.byNonce.set(`${post.channelId}:${post.nonce}`, id);
      this.messages.push({
        at: this.clock(),
        kind: post.meta.kind,
        meetingId: post.meta.meetingId,
        channelId: post.channelId,
        nonce: post.nonce,
        users: post.payload.allowedMentions.users,
        content: post.payload.content,
        post,
      });
    }
    if (failure) throw failure.error;
    return { messageId: id };
  }
}
