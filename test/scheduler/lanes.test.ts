import { describe, expect, it } from 'vitest';
import { runLanes } from '../../src/scheduler/lanes.ts';

/** A promise the test settles by hand: no timers, no timing. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('lanes', () => {
  it('keeps order within a lane, runs lanes side by side, at most `limit` at once', async () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    const gates = new Map(items.map((i) => [i, gate()]));
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    const done = runLanes(
      items,
      (i) => i[0]!,
      2,
      async (i) => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await gates.get(i)!.opened;
        running -= 1;
        return 'next';
      },
    );
    await Promise.resolve();
    // Two lanes at once: a and b started, c waits for a free worker.
    expect(started).toEqual(['a1', 'b1']);
    gates.get('b1')!.open();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a1', 'b1', 'b2']);
    for (const i of items) gates.get(i)!.open();
    await done;
    expect(started.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(started.filter((i) => i.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(started).toContain('c1');
    expect(peak).toBe(2);
  });

  it('stops every lane on halt', async () => {
    const seen: string[] = [];
    const result = await runLanes(
      ['a1', 'a2', 'b1'],
      (i) => i[0]!,
      1,
      async (i) => {
        seen.push(i);
        return 'halt';
      },
    );
    expect(result.halted).toBe(true);
    expect(seen).toEqual(['a1']);
  });
});
