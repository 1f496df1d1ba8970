import { WaitableList } from './waitable.ts';

/** A REST call received by the fake. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** URL-decoded path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Parsed JSON body (`undefined` if empty). For multipart/form-data: the parsed
   * `payload_json` plus `files: UploadedFile[]`.
   */
  readonly body: unknown;
  /** `Date.now()` when its body was received. */
  readonly at: number;
  /** HTTP status answered; `undefined` for a request left hanging (see `failNext`). */
  status: number | undefined;
}

const SUMMARY_LENGTH = 20;

function summarize(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return 'No requests were recorded.';
  const shown = requests.slice(-SUMMARY_LENGTH);
  const lines = shown.map((r) => `  ${r.method} ${r.path} -> ${r.status ?? 'no answer'}`);
  const header = `Last ${shown.length} of ${requests.length} recorded requests:`;
  return [header, ...lines].join('\n');
}

/** The list of recorded REST calls, awaitable. */
export class RequestLog extends WaitableList<RecordedRequest> {
  constructor() {
    super(summarize);
  }
}
