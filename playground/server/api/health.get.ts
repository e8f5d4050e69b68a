// GET /api/health: 200 {"ok": true} once the app serves requests.
import { defineHandler } from "nitro/h3";

export default defineHandler(() => ({ ok: true }));
