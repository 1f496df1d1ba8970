export type Engine = 'sqlite' | 'postgres';

/** Positional values for `?`, or named values for `:name`. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** One parameter slot of a query: the index of a `?`, or the name of a `:name`. */
type Slot = number | string;

interface Parsed {
  sqlite: string;
  postgres: string;
  slots: Slot[];
}

const parsed = new Map<string, Parsed>();

/**
 * Reads a query written once for both engines: `?` and `:name` parameters
 * become `?` for SQLite and `$1, $2, …` for PostgreSQL. Quoted text and
 * comments are left alone, as is PostgreSQL's `::type` cast.
 */
export function parseSql(sql: string): Parsed {
  const known = parsed.get(sql);
  if (known) return known;
  let sqlite = '';
  let postgres = '';
  const slots: Slot[] = [];
  let positional = 0;
  let i = 0;
  const emit = (text: string, pg = text) => {
    sqlite += text;
    postgres += pg;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      emit(sql.slice(i, end));
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      emit(sql.slice(i, stop));
      i = stop;
    } else if (c === '?') {
      slots.push(positional++);
      emit('?', `$${slots.length}`);
      i++;
    } else if (c === ':' && sql[i + 1] === ':') {
      emit('::');
      i += 2;
    } else if (c === ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let end = i + 1;
      while (end < sql.length && /\w/.test(sql[end]!)) end++;
      slots.push(sql.slice(i + 1, end));
      emit('?', `$${slots.length}`);
      i = end;
    } else {
      emit(c);
      i++;
    }
  }
  const result = { sqlite, postgres, slots };
  // Bounded like the statement cache: list queries have one text per length.
  if (parsed.size >= 1000) parsed.clear();
  parsed.set(sql, result);
  return result;
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The query text for `engine`, with its values in order. */
export function compileSql(
  sql: string,
  params: Params | undefined,
  engine: Engine,
): { text: string; values: unknown[] } {
  const { sqlite, postgres, slots } = parseSql(sql);
  const values = slots.map((slot) => {
    const value =
      typeof slot === 'number'
        ? (params as readonly unknown[] | undefined)?.[slot]
        : (params as Readonly<Record<string, unknown>> | undefined)?.[slot];
    if (value === undefined) throw new Error(`query parameter ${JSON.stringify(slot)} has no value: ${sql}`);
    // "Before everything" / "after everything": an instant PostgreSQL's BIGINT can hold, alike on both.
    if (value === Number.NEGATIVE_INFINITY) return Number.MIN_SAFE_INTEGER;
    if (value === Number.POSITIVE_INFINITY) return Number.MAX_SAFE_INTEGER;
    // PostgreSQL's text cannot hold U+0000, so neither engine stores it (it shows nothing anyway).
    if (typeof value === 'string' && value.includes('\0')) return value.replaceAll('\0', '');
    return value;
  });
  return { text: engine === 'sqlite' ? sqlite : postgres, values };
}
