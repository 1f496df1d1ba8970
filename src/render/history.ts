import type { Language, Series } from '../domain/model.ts';
import { t } from '../i18n/catalog.ts';
import type { AuditEntry } from '../store/audit.ts';
import { shownText } from './parts.ts';
import { type MessagePayload, mention, payload, ts } from './payload.ts';

/** `/meeting history`: the latest audit entries, newest first, pinging nobody. */
export function renderHistory(
  series: Series,
  entries: readonly AuditEntry[],
  lang: Language,
): MessagePayload {
  const lines = entries.map((e) =>
    t(lang, 'history.line', { at: ts(e.at, 'f'), actor: mention(e.actorId), action: `\`${e.action}\`` }),
  );
  return payload({
    content: [
      t(lang, 'history.head', { series: shownText(series.name) }),
      ...(lines.length > 0 ? lines : [t(lang, 'history.none')]),
    ].join('\n'),
    users: [],
  });
}
