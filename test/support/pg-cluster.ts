import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL 15 cluster: initdb in a temp directory, listening on
 * 127.0.0.1 on a free port, sockets in that directory, tuned for speed, not
 * durability (fsync off). No vitest here: the global setup of the PostgreSQL
 * run (`pg-global-setup.ts`) uses it as well as `usePostgres`.
 */

export const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether PostgreSQL's binaries are here; a test file uses it with `describe.skipIf(!postgresInstalled)`. */
export const postgresInstalled = existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));

export interface Cluster {
  dir: string;
  port: number;
  admin: pg.Pool;
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (the server refuses to run as root). */
function runPg(binary: string, args: string[]): void {
  const command = join(BIN, binary);
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  runPg('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '--no-instructions',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const options = [
    `-k ${dir}`,
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  runPg('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
  const admin = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 2 });
  return { dir, port, admin };
}

export async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.admin.end();
  runPg('pg_ctl', ['stop', '-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w']);
  rmSync(cluster.dir, { recursive: true, force: true });
}
