import { defineHook } from "workflow";

/** What an approver sends back. */
export interface Approval {
  approved: boolean;
  approvedBy: string;
  comment: string;
}

/**
 * A tiny Standard Schema (the interface zod and valibot implement), written by hand so the playground
 * needs no validation library: it checks the shape and trims the comment.
 */
const approvalSchema = {
  "~standard": {
    version: 1 as const,
    vendor: "playground",
    validate(value: unknown) {
      const input = value as Partial<Approval> | null;
      if (!input || typeof input.approved !== "boolean" || typeof input.approvedBy !== "string" || !input.approvedBy) {
        return { issues: [{ message: "Expected { approved: boolean, approvedBy: string, comment?: string }" }] };
      }
      const comment = typeof input.comment === "string" ? input.comment.trim() : "";
      return { value: { approved: input.approved, approvedBy: input.approvedBy, comment } };
    },
  },
};

/** The approval hook, typed and validated on both sides: `create()` in the workflow, `resume()` in the API route. */
export const approvalHook = defineHook<Approval>({ schema: approvalSchema });

/** Token of the approval hook of one document. */
export function approvalToken(documentId: string) {
  return `approval:${documentId}`;
}

/** Human in the loop: prepare a document, wait for an approver, then publish or archive it. */
export async function documentApprovalWorkflow(documentId: string) {
  "use workflow";

  const draft = await prepareDocument(documentId);
  const hook = approvalHook.create({ token: approvalToken(documentId) });

  // The run suspends here until someone answers through `approvalHook.resume()`.
  const approval = await hook;

  const outcome = approval.approved
    ? await publishDocument(draft, approval.approvedBy)
    : await archiveDocument(draft);
  return { documentId, approved: approval.approved, approvedBy: approval.approvedBy, comment: approval.comment, outcome };
}

async function prepareDocument(documentId: string) {
  "use step";
  return { documentId, title: `Document ${documentId}` };
}

async function publishDocument(draft: { title: string }, approvedBy: string) {
  "use step";
  return `${draft.title} published (approved by ${approvedBy})`;
}

async function archiveDocument(draft: { title: string }) {
  "use step";
  return `${draft.title} archived`;
}
