import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file uploaded in a multipart request. */
export interface UploadedFile {
  /** Form field name, e.g. `files[0]`. */
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** What a route handler answers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A 204 No Content reply. */
export const NO_CONTENT: Reply = { status: 204 };

/** A JSON reply. */
export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** A Discord-style error reply (`{ code, message, errors? }`). */
export function apiError(status: number, code: number, message: string, errors?: unknown): Reply {
  return { status, body: errors === undefined ? { code, message } : { code, message, errors } };
}

/** Discord's "Invalid Form Body" error (50035) for one field. */
export function invalidFormBody(field: string, code: string, message: string): Reply {
  return apiError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code, message }] } });
}

/** Reads a request body to the end. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses a request body: JSON as is; multipart/form-data as the parsed `payload_json` plus
 * `files`. Returns `undefined` for an empty body; throws on malformed JSON.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (boundary === undefined) return JSON.parse(raw.toString('utf8'));
  const { fields, files } = parseMultipart(raw, boundary);
  const payload = fields.get('payload_json');
  return { ...(payload === undefined ? {} : JSON.parse(payload)), files };
}

/** Writes a reply as Discord would: JSON with `content-type`, or an empty body (204). */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers).end();
    return;
  }
  const headers = { ...reply.headers, 'content-type': 'application/json' };
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}

function parseMultipart(
  raw: Buffer,
  boundary: string,
): { fields: Map<string, string>; files: UploadedFile[] } {
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part sits between "<delimiter>\r\n" and "\r\n<next delimiter>".
    const part = parsePart(raw.subarray(partStart + 2, next - 2));
    if (part?.filename === undefined) {
      if (part) fields.set(part.name, part.data.toString('utf8'));
    } else {
      files.push({
        name: part.name,
        filename: part.filename,
        contentType: part.contentType,
        data: part.data,
      });
    }
    start = next;
  }
  return { fields, files };
}

function parsePart(
  part: Buffer,
): { name: string; filename?: string; contentType: string; data: Buffer } | undefined {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const headers = part.subarray(0, headerEnd).toString('utf8');
  const name = /;\s*name="([^"]*)"/i.exec(headers)?.[1];
  if (name === undefined) return undefined;
  const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
  const contentType = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
  const data = Buffer.from(part.subarray(headerEnd + 4));
  return filename === undefined ? { name, contentType, data } : { name, filename, contentType, data };
}
