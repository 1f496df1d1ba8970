/** What a lane does after one item: go on, or stop every lane (the lease is gone, the database busy). */
export type LaneSignal = 'next' | 'halt';

/**
 * Works through `items` in lanes: items with the same key one after another,
 * in the order given; different lanes side by side, at most `limit` at once.
 * Resolves once every lane has finished or stopped; whether a `halt` came.
 */
export async function runLanes<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number,
  work: (item: T) => Promise<LaneSignal>,
): Promise<{ halted: boolean }> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
  }
  const queue = [...lanes.values()];
  let halted = false;
  const worker = async () => {
    for (let lane = queue.shift(); lane && !halted; lane = queue.shift()) {
      for (const item of lane) {
        if (halted) return;
        if ((await work(item)) === 'halt') halted = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
  return { halted };
}
