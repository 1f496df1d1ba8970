/** The outbox target (and channel placeholder, resolved when sent) of a member's direct messages. */
export function dmTarget(userId: string): string {
  return `dm:${userId}`;
}

/** The member a `dm:<userId>` target or channel names, or null for anything else. */
export function dmUserOf(target: string): string | null {
  return target.startsWith('dm:') ? target.slice(3) : null;
}
