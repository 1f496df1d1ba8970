import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = ['--import', 'tsx', 'src/demo.ts'];

describe('npm run demo', () => {
  it('replays the season offline and prints the posts with local times, kinds and pings', async () => {
    const { stdout } = await run(
      process.execPath,
      [...tsx, '--lang', 'en', '--from', '2024-09-20', '--to', '2024-10-10'],
      {
        env: { ...process.env, DISCORD_TOKEN: '' },
      },
    );
    const lines = stdout.split('\n');
    // The release in the story: a call for a volunteer with a Claim button, then the claim.
    expect(lines).toContain('── 2024-09-20 12:00 (Asia/Shanghai) · notice:release · pings: Kai He');
    expect(lines).toContain('[ Claim ]');
    expect(lines).toContain('── 2024-09-20 15:30 (Asia/Shanghai) · notice:claim · pings: Qing Tang');
    // The 10 October agenda goes to the claimer, an hour before, with the link.
    expect(lines).toContain('── 2024-10-10 20:00 (Asia/Shanghai) · agenda · pings: Qing Tang, Lei Guo');
    expect(stdout).toContain('https://meeting.example.org/j/5551234');
    expect(stdout).not.toMatch(/<t:\d+/);
  });

  it('speaks Chinese by default and refuses an unknown language clearly', async () => {
    const { stdout } = await run(process.execPath, [...tsx, '--from', '2024-11-01', '--to', '2024-11-01']);
    expect(stdout).toContain('── 2024-11-01 09:00 (Asia/Shanghai) · notice:pause · pings: nobody');
    expect(stdout).toContain('暂停');
    await expect(run(process.execPath, [...tsx, '--lang', 'fr'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--lang must be en or zh-CN'),
    });
  });
});
