/** HTML escaping for the season page: every piece of user text goes through `text`. Pure. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an element's content or a quoted attribute value: nothing in it is markup. */
export function text(value: string): string {
  // C0 controls other than tab and newline have no business in a page (and NUL is a parse error).
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
  );
}

/** User text, escaped and isolated: its direction marks cannot reorder the text around it. */
export function userText(value: string): string {
  return `<bdi>${text(value)}</bdi>`;
}

/** A summary: paragraphs on blank lines, line breaks kept, all of it escaped. */
export function paragraphs(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p.split('\n').map(text).join('<br>')}</p>`)
    .join('');
}

/** An http(s) URL that can go in `href` as it is, or null (then it is shown as text). */
export function safeHref(value: string): string | null {
  if (!/^https?:\/\//i.test(value.trim())) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
