/**
 * The `custom_id` of every button and form Podium sends. Parsed strictly: a
 * forged or mangled id parses to null, and the handler re-checks everything
 * it names against the database (guild, state, who may press).
 */
export type CustomId =
  | { kind: 'claim'; meetingId: number }
  | { kind: 'swap-accept'; swapId: number }
  | { kind: 'swap-decline'; swapId: number }
  /** The asker takes a pending request back. */
  | { kind: 'swap-withdraw'; swapId: number }
  | { kind: 'title-form'; meetingId: number | null }
  | { kind: 'minutes-form'; meetingId: number }
  /** The summary form opened for a meeting (from `/minutes add` or the follow-up's button). */
  | { kind: 'minutes-add'; meetingId: number }
  /** The summary form editing one summary (`/minutes edit`). */
  | { kind: 'minutes-edit'; minutesId: number };

export function encodeCustomId(id: CustomId): string {
  switch (id.kind) {
    case 'claim':
      return `claim:${id.meetingId}`;
    case 'swap-accept':
      return `swap:accept:${id.swapId}`;
    case 'swap-decline':
      return `swap:decline:${id.swapId}`;
    case 'swap-withdraw':
      return `swap:withdraw:${id.swapId}`;
    case 'title-form':
      return `title:${id.meetingId ?? 'next'}`;
    case 'minutes-form':
      return `minutes:${id.meetingId}`;
    case 'minutes-add':
      return `minutes:add:${id.meetingId}`;
    case 'minutes-edit':
      return `minutes:edit:${id.minutesId}`;
  }
}

const ID = '([1-9]\\d{0,15})';
const patterns: [RegExp, (m: RegExpExecArray) => CustomId][] = [
  [new RegExp(`^claim:${ID}$`), (m) => ({ kind: 'claim', meetingId: Number(m[1]) })],
  [new RegExp(`^swap:accept:${ID}$`), (m) => ({ kind: 'swap-accept', swapId: Number(m[1]) })],
  [new RegExp(`^swap:decline:${ID}$`), (m) => ({ kind: 'swap-decline', swapId: Number(m[1]) })],
  [new RegExp(`^swap:withdraw:${ID}$`), (m) => ({ kind: 'swap-withdraw', swapId: Number(m[1]) })],
  [
    new RegExp(`^title:(?:${ID}|next)$`),
    (m) => ({ kind: 'title-form', meetingId: m[1] ? Number(m[1]) : null }),
  ],
  [new RegExp(`^minutes:${ID}$`), (m) => ({ kind: 'minutes-form', meetingId: Number(m[1]) })],
  [new RegExp(`^minutes:add:${ID}$`), (m) => ({ kind: 'minutes-add', meetingId: Number(m[1]) })],
  [new RegExp(`^minutes:edit:${ID}$`), (m) => ({ kind: 'minutes-edit', minutesId: Number(m[1]) })],
];

export function parseCustomId(raw: string): CustomId | null {
  if (raw.length > 100) return null;
  for (const [re, build] of patterns) {
    const m = re.exec(raw);
    if (m) return build(m);
  }
  return null;
}
