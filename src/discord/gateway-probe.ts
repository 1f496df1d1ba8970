import { type Client, Status } from 'discord.js';

/** Whether the client's gateway is connected (every shard ready), and its heartbeat round trip. */
export function gatewayProbe(client: Client): { connected(): boolean; pingMs(): number | null } {
  return {
    connected: () => client.ws.shards.size > 0 && client.ws.shards.every((s) => s.status === Status.Ready),
    pingMs: () => {
      const ping = client.ws.ping;
      return Number.isFinite(ping) && ping >= 0 ? ping : null;
    },
  };
}
