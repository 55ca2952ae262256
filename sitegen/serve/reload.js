// The live reload of `sitegen serve`, added to every HTML page the preview serves
// (never to built files). It follows the preview's status as server-sent events:
// a new build reloads the page, a failed build shows its problems in an overlay.
// Problems are put in the page as text only (textContent), never as HTML.
(() => {
  "use strict";

  const EVENTS = "/__sitegen__/events";
  const pageBuild = document.currentScript ? document.currentScript.dataset.build : "";
  let source = null;
  let host = null;
  let dismissed = "";

  function connect() {
    if (source) return;
    source = new EventSource(EVENTS);
    source.addEventListener("status", (message) => apply(JSON.parse(message.data)));
  }

  function disconnect() {
    if (!source) return;
    source.close();
    source = null;
  }

  function apply(status) {
    if (status.problems.length > 0) {
      show(status);
      return;
    }
    dismissed = "";
    hide();
    if (status.build === pageBuild) return;
    // This page's article moved (a new slug, a renamed file): follow it there.
    const moved = (status.moved || {})[location.pathname];
    if (moved) location.replace(moved + location.hash);
    else location.reload();
  }

  const STYLE = `
    :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; }
    .backdrop { position: absolute; inset: 0; overflow: auto;
      background: rgba(0, 0, 0, 0.66); padding: 4vh 4vw; box-sizing: border-box;
      font: 15px/1.6 system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; }
    .panel { max-width: 60rem; margin: 0 auto; background: #1e1e1e; color: #eee;
      border-top: 6px solid #e5484d; border-radius: 6px; padding: 1.25rem 1.5rem; }
    h2 { margin: 0 0 0.25rem; font-size: 1.25rem; color: #ff8a8a; }
    p.note { margin: 0 0 1rem; color: #bbb; }
    ol { margin: 0; padding: 0; list-style: none; }
    li { margin: 0 0 0.75rem; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace;
      font-size: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .location { color: #7cc7ff; }
    .hint { display: block; color: #c8c8a0; }
    button { float: right; font: inherit; background: #333; color: #eee;
      border: 1px solid #555; border-radius: 4px; padding: 0.2rem 0.7rem; cursor: pointer; }`;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function problemItem(problem, hintLabel) {
    const item = element("li");
    if (problem.location) item.append(element("span", "location", problem.location), ": ");
    item.append(problem.message);
    // A space before the hint: it shows on a line of its own, but is copied as text too.
    if (problem.hint) item.append(" ", element("span", "hint", `(${hintLabel}: ${problem.hint})`));
    return item;
  }

  function show(status) {
    const key = JSON.stringify(status.problems);
    if (key === dismissed) return;
    hide();
    host = element("sitegen-overlay");
    host.id = "sitegen-overlay";
    const root = host.attachShadow({ mode: "open" });
    const backdrop = element("div", "backdrop");
    const panel = element("div", "panel");
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-labelledby", "title");
    panel.lang = status.lang;
    const close = element("button", "", status.close);
    close.type = "button";
    close.addEventListener("click", () => {
      dismissed = key;
      hide();
    });
    const title = element("h2", "", status.title);
    title.id = "title";
    const list = element("ol");
    for (const problem of status.problems) list.append(problemItem(problem, status.hint));
    panel.append(close, title, element("p", "note", status.note), list);
    backdrop.append(panel);
    root.append(element("style", "", STYLE), backdrop);
    document.documentElement.append(host);
  }

  function hide() {
    if (!host) return;
    host.remove();
    host = null;
  }

  // A hidden tab lets go of its connection: browsers allow only a few per server,
  // and a visible tab catches up as soon as it reconnects.
  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && host) host.shadowRoot.querySelector("button").click();
  });
  connect();
})();
