import * as v from 'valibot';

/**
 * Which gateway shards this process runs. `auto`: all of them, as many as
 * Discord recommends (GET /gateway/bot), in this one process. Otherwise
 * `count` shards in all, of which this process runs `ids`; every process of
 * the bot must be started with the same `count`, and together they must run
 * every id from 0 to `count - 1` exactly once.
 */
export type ShardPlan =
  | { readonly count: 'auto' }
  | { readonly count: number; readonly ids: readonly number[] };

/** `SHARD_COUNT`: `auto` or a whole number of at least 1. */
export const shardCountSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^(auto|[1-9]\d{0,5})$/,
    'must be auto or a whole number of shards (1 or more), e.g. SHARD_COUNT=2',
  ),
  v.transform((s) => (s === 'auto' ? ('auto' as const) : Number(s))),
);

/** `SHARD_IDS`: ids and ranges separated by commas, e.g. `0,1` or `0-3` or `0-3,8`. */
export const shardIdsSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{1,6}(-\d{1,6})?(\s*,\s*\d{1,6}(-\d{1,6})?)*$/, 'write shard ids like 0,1 or 0-3'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const ids: number[] = [];
    for (const part of dataset.value.split(',')) {
      const [from, to = from] = part.trim().split('-').map(Number) as [number, number?];
      if (to < from) {
        addIssue({ message: `the range ${part.trim()} runs backwards; write ${to}-${from}` });
        return NEVER;
      }
      for (let id = from; id <= to; id++) if (!ids.includes(id)) ids.push(id);
    }
    return ids.sort((a, b) => a - b);
  }),
);

/**
 * The plan from both settings, or the problems that prevent one (each with the
 * setting it is about). SHARD_IDS needs a fixed SHARD_COUNT: with `auto` the
 * count Discord recommends may change between the starts of two processes,
 * and guilds would then go to no process or to two.
 */
export function shardPlan(
  count: number | 'auto' | undefined,
  ids: readonly number[] | undefined,
): { plan: ShardPlan; problems: [] } | { plan: undefined; problems: { setting: string; message: string }[] } {
  if (ids === undefined) {
    if (count === undefined || count === 'auto') return { plan: { count: 'auto' }, problems: [] };
    return { plan: { count, ids: range(count) }, problems: [] };
  }
  if (count === undefined || count === 'auto') {
    const message =
      count === undefined
        ? 'needs SHARD_COUNT, the number of shards of all processes together (e.g. SHARD_COUNT=2 SHARD_IDS=0)'
        : 'needs a fixed SHARD_COUNT, not auto: every process must split the guilds the same way';
    return { plan: undefined, problems: [{ setting: 'SHARD_IDS', message }] };
  }
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    const message = `shard ${outside.join(', ')} is out of range: with SHARD_COUNT=${count} the shards are ${count === 1 ? '0' : `0-${count - 1}`}`;
    return { plan: undefined, problems: [{ setting: 'SHARD_IDS', message }] };
  }
  return { plan: { count, ids }, problems: [] };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
