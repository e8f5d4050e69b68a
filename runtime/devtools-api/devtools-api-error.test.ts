import { H3, HTTPError } from "h3";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../http/error-status.ts";
import { DevtoolsApiError, toErrorResponse, type DevtoolsApiErrorCode } from "./devtools-api-error.ts";

const CODES: DevtoolsApiErrorCode[] = [
  "ERR_DEVTOOLS_BAD_REQUEST",
  "ERR_DEVTOOLS_INVALID_ID",
  "ERR_DEVTOOLS_CROSS_ORIGIN",
  "ERR_DEVTOOLS_NOT_FOUND",
  "ERR_DEVTOOLS_CONFLICT",
  "ERR_DEVTOOLS_BODY_TOO_LARGE",
  "ERR_DEVTOOLS_UNSUPPORTED_MEDIA_TYPE",
  "ERR_DEVTOOLS_OUTSIDE_PROJECT",
  "ERR_DEVTOOLS_NO_EDITOR",
  "ERR_DEVTOOLS_EDITOR_FAILED",
];

describe("DevtoolsApiError", () => {
  it.each(CODES)("%s is an h3 HTTPError with the status of the shared table", async (code) => {
    const cause = new Error("underneath");
    const error = new DevtoolsApiError(code, "what happened", { cause });
    expect(HTTPError.isError(error)).toBe(true);
    expect(DevtoolsApiError.is(error)).toBe(true);
    expect(error.status).toBe(ERROR_STATUS[code]);
    expect(error.cause).toBe(cause);
    const response = toErrorResponse(error);
    expect(response.status).toBe(ERROR_STATUS[code]);
    expect(await response.json()).toEqual({ error: { code, message: "what happened" } });
  });

  it("answers with its status and code from a plain h3 app, which takes it as its own error", async () => {
    const app = new H3({ silent: true }).get("/x", () => {
      throw new DevtoolsApiError("ERR_DEVTOOLS_CONFLICT", "busy");
    });
    const response = await app.fetch(new Request("http://localhost/x"));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 409, message: "busy", code: "ERR_DEVTOOLS_CONFLICT" });
  });

  it("tells other errors apart", () => {
    expect(DevtoolsApiError.is(new HTTPError("x", { status: 404 }))).toBe(false);
    expect(DevtoolsApiError.is(Object.assign(new Error("x"), { code: "ERR_DEVTOOLS_NOT_FOUND" }))).toBe(false);
    expect(DevtoolsApiError.is(undefined)).toBe(false);
  });
});
