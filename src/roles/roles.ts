import * as v from 'valibot';

/**
 * What a process runs (`ROLES`, README "Running at scale"): the Discord
 * gateway (interactions, title capture, command registration), the deliverer
 * (the heartbeat, planning and outbox delivery, behind the delivery lease), and
 * the web server. `npm start` runs all three.
 */
export const ROLES = ['gateway', 'deliverer', 'web'] as const;
export type Role = (typeof ROLES)[number];

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** `ROLES`: a comma-separated list of roles, each at most once; unset means all of them. */
export const rolesSetting = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }): Role[] => {
    const names = dataset.value
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    const unknown = names.filter((s) => !isRole(s));
    if (unknown.length > 0) {
      addIssue({
        message: `unknown role ${unknown.map((s) => `"${s}"`).join(', ')}; the roles are ${ROLES.join(', ')}, e.g. ROLES=gateway,web`,
      });
      return NEVER;
    }
    if (names.length === 0) {
      addIssue({
        message: `names no role; list one or more of ${ROLES.join(', ')}, or leave it unset for all`,
      });
      return NEVER;
    }
    return ROLES.filter((r) => names.includes(r));
  }),
);
