import { H3, HTTPError } from "h3";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS, HttpInputError, toErrorResponse } from "./error-status.ts";

const CODES = ["ERR_HTTP_INVALID_JSON", "ERR_HTTP_INVALID_BODY", "ERR_HTTP_BODY_TOO_LARGE", "ERR_HTTP_UNSUPPORTED_MEDIA_TYPE"];

describe("HttpInputError", () => {
  it.each(CODES)("%s is an h3 HTTPError with the status of the shared table", async (code) => {
    const error = new HttpInputError(code, "bad body");
    expect(HTTPError.isError(error)).toBe(true);
    expect(error.status).toBe(ERROR_STATUS[code]);
    const response = toErrorResponse(error);
    expect(response.status).toBe(ERROR_STATUS[code]);
    expect(await response.json()).toEqual({ error: { code, message: "bad body" } });
  });

  it("answers with its status and code from a plain h3 app", async () => {
    const app = new H3({ silent: true }).post("/x", () => {
      throw new HttpInputError("ERR_HTTP_BODY_TOO_LARGE", "too big");
    });
    const response = await app.fetch(new Request("http://localhost/x", { method: "POST" }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, message: "too big", code: "ERR_HTTP_BODY_TOO_LARGE" });
  });
});
