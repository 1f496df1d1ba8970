import type { Reply } from './http.ts';
import type { RecordedRequest } from './recorder.ts';

/** What a route handler gets: the recorded request and the path parameters. */
export interface RouteContext {
  readonly request: RecordedRequest;
  /** A path parameter by name (the `id` of `:id`), URL-decoded. */
  param(name: string): string;
}

export type RouteHandler = (context: RouteContext) => Reply;

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

/** A matched route; `pattern` names the rate-limit bucket. */
export interface RouteMatch {
  readonly pattern: string;
  readonly handler: RouteHandler;
  readonly params: ReadonlyMap<string, string>;
}

/** Maps `METHOD /path/:param` patterns to handlers. */
export class Router {
  readonly #routes: Route[] = [];

  /** Registers a handler; `pattern` segments starting with `:` capture a parameter. */
  on(method: string, pattern: string, handler: RouteHandler): this {
    this.#routes.push({ method, pattern, segments: pattern.split('/'), handler });
    return this;
  }

  /** The route for a request, `'method-not-allowed'` if only other methods match, else undefined. */
  match(method: string, segments: readonly string[]): RouteMatch | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { pattern: route.pattern, handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function matchSegments(pattern: readonly string[], path: readonly string[]): Map<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params = new Map<string, string>();
  for (const [index, expected] of pattern.entries()) {
    const actual = path[index] ?? '';
    if (expected.startsWith(':')) params.set(expected.slice(1), actual);
    else if (expected !== actual) return undefined;
  }
  return params;
}
