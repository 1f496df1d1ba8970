/** The web server on a real socket: listening, answering, and a port that cannot be had said plainly. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePublicUrl } from '../../src/app/shareUrls.ts';
import { silentLogger } from '../../src/log.ts';
import { startWebServer, type WebServer, WebServerError } from '../../src/web/server.ts';
import { testDb } from '../support/db.ts';
import { PUBLIC_URL, seedCommunitySeason } from '../support/web.ts';

const servers: WebServer[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
});

describe('the web server on a socket', () => {
  it('listens on the port it is given (0: any free one), serves the season page and records its public URL', async () => {
    const db = await testDb();
    const seeded = await seedCommunitySeason(db);
    const server = await startWebServer(
      { db, log: silentLogger(), publicUrl: PUBLIC_URL, clock: () => seeded.now },
      { port: 0, host: '127.0.0.1' },
    );
    servers.push(server);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await requirePublicUrl(db)).toBe(PUBLIC_URL);
    const page = await fetch(`${server.url}/s/${seeded.secret}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Kernel SIG fortnightly');
    const feed = await fetch(`${server.url}/s/${seeded.secret}/calendar.ics`);
    const etag = feed.headers.get('etag')!;
    expect(feed.status).toBe(200);
    await feed.arrayBuffer();
    const again = await fetch(`${server.url}/s/${seeded.secret}/calendar.ics`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('without PUBLIC_URL hands out links to where it listens', async () => {
    const db = await testDb();
    const server = await startWebServer({ db, log: silentLogger() }, { port: 0, host: '127.0.0.1' });
    servers.push(server);
    expect(await requirePublicUrl(db)).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('says clearly when the port is in use, and holds nothing', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const db = await testDb();
    const error = await startWebServer({ db, log: silentLogger() }, { port, host: '127.0.0.1' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(WebServerError);
    expect(error.message).toBe(
      `The web server cannot listen on 127.0.0.1:${port}: another program uses that port. Stop it, or set PORT in .env to a free port.`,
    );
    // Nothing recorded: `/meeting share` still says the web server has not run.
    await expect(requirePublicUrl(db)).rejects.toThrow();
  });

  it('says clearly when the address is not this machine’s', async () => {
    const error = await startWebServer(
      { db: await testDb(), log: silentLogger() },
      { port: 0, host: '192.0.2.1' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(WebServerError);
    expect(error.message).toContain('this machine has no such address');
  });
});
