import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TRANSFORM_ERROR_CODES } from "../../plugin/transform/diagnostics.ts";
import { docsUrl as transformDocsUrl } from "../../plugin/transform/docs-url.ts";
import { ERROR_CODES, docsForCode, type ErrorCode } from "./codes.ts";

/** GitHub's anchor for a README heading: lowercase, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
}

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const anchors = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map((match) => anchorOf(match[1])));

describe("every error code links to a README section that exists", () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])("%s", (code) => {
    const anchor = docsForCode(code).split("#")[1];
    expect(anchors, `README.md has no section with anchor #${anchor}`).toContain(anchor);
  });

  it.each(Object.values(TRANSFORM_ERROR_CODES))("%s (build error)", (code) => {
    const anchor = transformDocsUrl(code).split("#")[1];
    expect(anchors, `README.md has no section with anchor #${anchor}`).toContain(anchor);
  });
});
