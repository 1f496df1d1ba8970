import { organiserRoleOf, setOrganiserRole as store } from '../store/settings.ts';
import { audit, type Ctx, requireOrganiser, transact } from './context.ts';

/** Sets (or clears) the role whose members count as organisers in this guild. */
export function setOrganiserRole(ctx: Ctx, input: { roleId: string | null }): { roleId: string | null } {
  requireOrganiser(ctx);
  return transact(ctx, () => {
    const before = organiserRoleOf(ctx.db, ctx.actor.guildId);
    store(ctx.db, ctx.actor.guildId, input.roleId, ctx.now);
    audit(ctx, null, 'guild.organiserRole', { roleId: before }, { roleId: input.roleId });
    return { roleId: input.roleId };
  });
}
