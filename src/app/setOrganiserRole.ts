import { UserError } from '../domain/errors.ts';
import { organiserRoleOf, setOrganiserRole as store } from '../store/settings.ts';
import { type Ctx, requireOrganiser, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/** The role picked, as Discord describes it. */
export interface RoleChoice {
  id: string;
  /** Managed by a bot or an integration (a bot's own role, a booster or linked role): nobody can be given it. */
  managed: boolean;
}

/**
 * Sets (or clears) the role whose members count as organisers in this guild.
 * `@everyone` (whose id is the guild's) would make every member an organiser,
 * and a managed role cannot be handed out: both are refused.
 */
export async function setOrganiserRole(
  ctx: Ctx,
  input: { role: RoleChoice | null },
): Promise<{ roleId: string | null }> {
  await requireOrganiser(ctx);
  const { role } = input;
  if (role?.id === ctx.actor.guildId) throw new UserError('error.organiserRole.everyone');
  if (role?.managed) throw new UserError('error.organiserRole.managed');
  const roleId = role?.id ?? null;
  return transact(ctx, async (tx) => {
    const before = await organiserRoleOf(tx.db, tx.actor.guildId);
    await store(tx.db, tx.actor.guildId, roleId, tx.now);
    await recordChange(tx, null, {
      action: 'guild.organiserRole',
      before: { roleId: before },
      after: { roleId },
    });
    return { roleId };
  });
}
