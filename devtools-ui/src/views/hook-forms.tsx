/** Forms that act on hooks: deliver a JSON payload to a hook, or send a test HTTP request to a webhook. */
import { useState } from "preact/hooks";
import { api } from "../api/client.ts";

export function ResumeHookForm({ token, disabled }: { token: string; disabled?: boolean }) {
  const [text, setText] = useState("{}");
  const [result, setResult] = useState<{ ok: boolean; message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return setResult({ ok: false, message: `Invalid JSON: ${(error as Error).message}` });
    }
    setBusy(true);
    try {
      await api.resumeHook(token, payload);
      setResult({ ok: true, message: "Payload delivered." });
    } catch (error) {
      setResult({ ok: false, message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action-form" onSubmit={submit} aria-label={`Resume hook ${token}`}>
      <label>
        Resume with payload (JSON)
        <textarea class="mono" rows={4} value={text} spellcheck={false} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <div class="form-row">
        <button class="primary" type="submit" disabled={busy || disabled}>Resume hook</button>
        {result && <span class={result.ok ? "ok" : "err"} role="status">{result.message}</span>}
      </div>
    </form>
  );
}

export function WebhookTestForm({ url, disabled }: { url: string; disabled?: boolean }) {
  const [method, setMethod] = useState("POST");
  const [body, setBody] = useState('{"hello":"world"}');
  const [contentType, setContentType] = useState("application/json");
  const [result, setResult] = useState<{ ok: boolean; message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await fetch(url, {
        method,
        headers: method === "GET" || method === "HEAD" ? undefined : { "content-type": contentType },
        body: method === "GET" || method === "HEAD" ? undefined : body,
      });
      const text = await response.text();
      setResult({ ok: response.ok, message: `${response.status} ${response.statusText}${text ? ` — ${text.slice(0, 300)}` : ""}` });
    } catch (error) {
      setResult({ ok: false, message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action-form" onSubmit={submit} aria-label="Send test request">
      <div class="form-row">
        <select aria-label="Method" value={method} onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value)}>
          {["POST", "PUT", "PATCH", "GET", "DELETE"].map((m) => <option key={m}>{m}</option>)}
        </select>
        <input class="mono grow" aria-label="Content type" value={contentType} onInput={(e) => setContentType((e.currentTarget as HTMLInputElement).value)} />
      </div>
      <textarea class="mono" rows={4} aria-label="Request body" spellcheck={false} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="form-row">
        <button class="primary" type="submit" disabled={busy || disabled}>Send test request</button>
        {result && <span class={result.ok ? "ok" : "err"} role="status">{result.message}</span>}
      </div>
    </form>
  );
}

/** The public URL of a webhook token on this dev server. */
export function webhookUrl(token: string): string {
  return `${location.origin}/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`;
}
