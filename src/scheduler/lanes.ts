/** What a lane does after one item: go on, stop this lane for now, or stop every lane. */
export type LaneSignal = 'next' | 'stop-lane' | 'halt';

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
        const signal = await work(item);
        if (signal === 'halt') halted = true;
        if (signal !== 'next') break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
  return { halted };
}
