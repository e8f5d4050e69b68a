import { DevtoolsApiError } from "./devtools-api-error.ts";

/**
 * Turns what h3 itself throws before any route runs into a `DevtoolsApiError` with a clear message: a path
 * with malformed percent-encoding (h3 refuses it with a bare 400) and a path no route matches (404). Any
 * other error is passed on as the handler's own error (the `cause` h3 wrapped it in, if any); a
 * `DevtoolsApiError` is an h3 error already and comes unwrapped.
 * @example onError: (error, event) => toErrorResponse(explainRoutingError(error, event.req))
 */
export function explainRoutingError(error: unknown, request: Request): unknown {
  if (DevtoolsApiError.is(error)) return error;
  const status = (error as { status?: unknown })?.status;
  const cause = (error as { cause?: unknown })?.cause;
  if (DevtoolsApiError.is(cause)) return cause;
  const path = rawPath(request.url);
  const malformed = status === 400 ? findMalformedSegment(path) : undefined;
  if (malformed !== undefined) {
    return new DevtoolsApiError(
      "ERR_DEVTOOLS_BAD_REQUEST",
      `Malformed percent-encoding in the request path segment ${JSON.stringify(malformed.slice(0, 80))}: ` +
        `every "%" must start a valid UTF-8 escape. Encode each id or name with encodeURIComponent before putting it in the URL.`,
    );
  }
  if (status === 404) {
    return new DevtoolsApiError("ERR_DEVTOOLS_NOT_FOUND", `Unknown devtools API route: ${request.method} ${path.slice(0, 200)}.`);
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new DevtoolsApiError("ERR_DEVTOOLS_BAD_REQUEST", `The request was refused before reaching a route (${status}).`);
  }
  return cause ?? error;
}

/** The first path segment `decodeURIComponent` cannot decode, or undefined when all decode. */
export function findMalformedSegment(path: string): string | undefined {
  return path.split("/").find((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
}

function rawPath(url: string): string {
  // The path exactly as sent (no URL parsing), so the message can quote the malformed escape.
  const afterOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  return afterOrigin.split(/[?#]/, 1)[0] || "/";
}
