// Workflow devtools launcher: a small floating button that opens the panel at /__workflow/.
// Injected into app pages by the Vite plugin in dev only; it never loads in a production build.
(() => {
  if (window.top !== window || document.getElementById("__workflow-launcher")) return;
  const link = document.createElement("a");
  link.id = "__workflow-launcher";
  link.href = "/__workflow/";
  link.target = "_blank";
  link.rel = "noopener";
  link.title = "Open the Workflow devtools (runs, steps, streams)";
  link.setAttribute("aria-label", "Open the Workflow devtools");
  link.textContent = "◆";
  const style = link.style;
  style.cssText =
    "position:fixed;right:16px;bottom:16px;z-index:2147483647;width:40px;height:40px;border-radius:50%;" +
    "display:flex;align-items:center;justify-content:center;font:18px/1 system-ui,sans-serif;color:#fff;" +
    "background:#6d5dfc;box-shadow:0 2px 8px rgba(0,0,0,.3);text-decoration:none;opacity:.85;transition:opacity .15s,transform .15s";
  link.addEventListener("mouseenter", () => { style.opacity = "1"; style.transform = "scale(1.08)"; });
  link.addEventListener("mouseleave", () => { style.opacity = ".85"; style.transform = ""; });
  const mount = () => document.body.appendChild(link);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
