// One simulated site's page. It draws what its server says the game shows, sends back only what
// its user did (clicks, keys), and reports each frame that shows a new crash once it is painted,
// so that the truth log's shown_at is when the crash was really on screen.
"use strict";

const cfg = JSON.parse(document.getElementById("config").textContent);
const FONT = "SiteFont";
const CRASH_RED = "rgb(230, 22, 52)";
const PLANE_RED = "rgb(228, 24, 58)";
const FLIGHT = [[24, 66, 120], [62, 26, 118], [98, 16, 90]];
const canvas = document.getElementById("canvas");
const ctx = canvas.getContext("2d");
let socket = null;
let state = null;
let scheduled = false;
let reported = -1; // the crashed count of the last frame reported painted
let shown = {}; // the texts the HTML shows now, to touch the DOM only where they change
let scenes = null; // backgrounds drawn once per canvas size

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws/${cfg.index}`);
  socket.onmessage = (event) => { state = JSON.parse(event.data); schedule(); };
  socket.onclose = () => setTimeout(connect, 300);
}

function schedule() {
  if (!scheduled) { scheduled = true; requestAnimationFrame(paint); }
}

function paint() {
  scheduled = false;
  const s = state;
  drawHtml(s);
  drawGame(s);
  if (s.crashed !== reported) {
    reported = s.crashed;
    // The next animation frame starts once this one was handed to the compositor, which puts it
    // on the X screen up to a frame later (seen beside two busy processes: a grab after a report
    // made one frame later still showed the flight): the report waits two frames.
    requestAnimationFrame(() => requestAnimationFrame(() => send({ type: "painted", crashed: s.crashed })));
  }
}

// -- the HTML around the game ------------------------------------------------------------------

function setText(id, text) {
  if (shown[id] !== text) { shown[id] = text; document.getElementById(id).textContent = text; }
}

function bubbleColour(value) {
  return value >= 10 ? "#c017b4" : value >= 2 ? "#913ef8" : "#34b4ff";
}

function drawStrip(history) {
  const key = history.map((b) => b[1]).join(" ");
  if (shown.strip === key) return;
  shown.strip = key;
  const strip = document.getElementById("strip");
  strip.replaceChildren(...history.map(([value, text]) => {
    const bubble = document.createElement("span");
    bubble.className = "bubble";
    bubble.style.color = bubbleColour(value);
    bubble.textContent = text;
    return bubble;
  }));
}

function drawPanel(element, panel) {
  for (const name of ["stake", "auto_cashout"]) {
    const field = element.querySelector(`[data-element="${name}"]`);
    field.textContent = panel[name];
    field.classList.toggle("focus", panel.focus === name);
  }
  const button = element.querySelector(".button");
  button.className = `button ${panel.button}`;
  button.querySelector(".caption").textContent = panel.caption;
  button.querySelector(".amount").textContent = panel.amount;
}

function drawHtml(s) {
  setText("balance", s.balance);
  for (const id of ["players", "players_left", "total_bets", "cashed_out"]) setText(id, s[id]);
  drawStrip(s.history);
  const panels = document.getElementById("panels").children;
  s.panels.forEach((panel, i) => {
    const key = JSON.stringify(panel);
    if (shown[`panel${i}`] !== key) { shown[`panel${i}`] = key; drawPanel(panels[i], panel); }
  });
}

function buildPanels() {
  const template = document.getElementById("panel");
  const panels = document.getElementById("panels");
  for (let i = 0; i < cfg.panels; i++) {
    const panel = template.content.firstElementChild.cloneNode(true);
    panel.dataset.panel = String(i);
    panels.append(panel);
  }
}

// -- the game's canvas -------------------------------------------------------------------------

function layer(width, height, draw) {
  const c = document.createElement("canvas");
  c.width = width; c.height = height;
  draw(c.getContext("2d"), width, height);
  return c;
}

function rays(g, w, h, alpha) {
  const ox = -w * 0.1, oy = h * 1.2, reach = 2 * Math.hypot(w, h);
  g.fillStyle = `rgba(255, 255, 255, ${alpha})`;
  for (let i = 0; i < 18; i += 2) {
    const a0 = (i * Math.PI) / 36, a1 = ((i + 1) * Math.PI) / 36;
    g.beginPath();
    g.moveTo(ox, oy);
    g.lineTo(ox + reach * Math.cos(a0), oy - reach * Math.sin(a0));
    g.lineTo(ox + reach * Math.cos(a1), oy - reach * Math.sin(a1));
    g.fill();
  }
}

function flightLayer(w, h, [r, gr, b]) {
  return layer(w, h, (g) => {
    const glow = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, Math.hypot(w, h) / 2);
    glow.addColorStop(0, `rgb(${r * 1.15}, ${gr * 1.15}, ${b * 1.15})`);
    glow.addColorStop(1, `rgb(${r * 0.55}, ${gr * 0.55}, ${b * 0.55})`);
    g.fillStyle = glow; g.fillRect(0, 0, w, h);
    rays(g, w, h, 0.05);
  });
}

function buildScenes(w, h) {
  const dark = layer(w, h, (g) => { g.fillStyle = "#09090b"; g.fillRect(0, 0, w, h); rays(g, w, h, 0.04); });
  return { w, h, dark, flight: FLIGHT.map((colour) => flightLayer(w, h, colour)) };
}

function fitCanvas() {
  const area = document.getElementById("game");
  const w = area.clientWidth, h = area.clientHeight;
  if (!scenes || scenes.w !== w || scenes.h !== h) {
    canvas.width = w; canvas.height = h;
    scenes = buildScenes(w, h);
  }
  return scenes;
}

function bigFont(w, h) {
  return Math.round(Math.min(w * 0.15, h * 0.24));
}

function progressBar(w, h) {
  if (cfg.progress === "flight") return { x: w * 0.08, y: h * 0.8, w: w * 0.5, h: Math.max(6, h * 0.03) };
  return { x: w * 0.3, y: h * 0.6, w: w * 0.4, h: Math.max(5, h * 0.022) };
}

function drawBetting(s, w, h) {
  ctx.drawImage(scenes.dark, 0, 0);
  ctx.textAlign = "center"; ctx.textBaseline = "middle";
  ctx.fillStyle = PLANE_RED;
  ctx.font = `italic 900 ${Math.round(Math.min(h * 0.12, w * 0.12))}px ${FONT}`;
  ctx.fillText("Aviator", w / 2, h * 0.22);
  ctx.fillStyle = "#c8c8cc";
  ctx.font = `700 ${Math.round(Math.max(11, Math.min(h * 0.045, w * 0.04)))}px ${FONT}`;
  ctx.fillText("WAITING FOR NEXT ROUND", w / 2, h * 0.42);
  const bar = progressBar(w, h);
  ctx.fillStyle = "rgb(62, 62, 68)";
  roundRect(bar.x, bar.y, bar.w, bar.h);
  ctx.fillStyle = PLANE_RED;
  if (s.progress > 0) roundRect(bar.x, bar.y, bar.w * s.progress, bar.h);
  ctx.fillStyle = "#9a9aa0";
  ctx.font = `600 ${Math.round(Math.max(10, Math.min(h * 0.035, w * 0.03)))}px ${FONT}`;
  ctx.fillText("SPRIBE  Official Game", w / 2, h * 0.92);
}

function roundRect(x, y, w, h) {
  ctx.beginPath(); ctx.roundRect(x, y, w, h, h / 2); ctx.fill();
}

function planeAt(m, w, h) {
  const along = Math.min(1, Math.log(m) / Math.log(3)), up = Math.min(1, Math.log(m) / Math.log(10));
  const floor = h - 8, ceiling = h * 0.22;
  return [w * (0.06 + 0.78 * along), floor - (floor - ceiling) * up, floor];
}

function drawPlane(x, y, size) {
  ctx.fillStyle = PLANE_RED;
  ctx.beginPath();
  ctx.moveTo(x + size * 1.6, y); ctx.lineTo(x - size * 1.4, y - size * 0.45);
  ctx.lineTo(x - size * 1.6, y + size * 0.35); ctx.closePath(); ctx.fill();
  ctx.beginPath();
  ctx.moveTo(x - size * 0.2, y); ctx.lineTo(x - size * 0.9, y - size * 1.1);
  ctx.lineTo(x - size * 0.5, y - size * 1.1); ctx.lineTo(x + size * 0.5, y); ctx.closePath(); ctx.fill();
}

function drawFlight(s, w, h) {
  const level = s.multiplier >= 10 ? 2 : s.multiplier >= 2 ? 1 : 0;
  ctx.drawImage(scenes.flight[level], 0, 0);
  const [x, y, floor] = planeAt(s.multiplier, w, h);
  ctx.beginPath(); ctx.moveTo(6, floor);
  ctx.quadraticCurveTo((6 + x) / 2, floor, x, y);
  ctx.lineTo(x, floor); ctx.closePath();
  ctx.fillStyle = "rgba(160, 16, 44, 0.55)"; ctx.fill();
  ctx.beginPath(); ctx.moveTo(6, floor); ctx.quadraticCurveTo((6 + x) / 2, floor, x, y);
  ctx.strokeStyle = PLANE_RED; ctx.lineWidth = 3; ctx.stroke();
  drawPlane(x, y, Math.max(8, h / 20));
  bigText(s.text, "#ffffff", w, h);
}

function bigText(text, colour, w, h) {
  ctx.textAlign = "center"; ctx.textBaseline = "middle";
  ctx.fillStyle = colour;
  ctx.font = `900 ${bigFont(w, h)}px ${FONT}`;
  ctx.fillText(text, w / 2, h * 0.45);
}

function drawEnded(s, w, h) {
  ctx.drawImage(scenes.dark, 0, 0);
  ctx.fillStyle = "#ebebeb";
  ctx.textAlign = "center"; ctx.textBaseline = "middle";
  ctx.font = `700 ${Math.round(Math.max(12, h * 0.06))}px ${FONT}`;
  ctx.fillText("FLEW AWAY!", w / 2, h * 0.45 - bigFont(w, h) * 0.8);
  bigText(s.text, CRASH_RED, w, h);
}

function drawLoading(w, h) {
  ctx.drawImage(scenes.dark, 0, 0);
  ctx.strokeStyle = PLANE_RED; ctx.lineWidth = Math.max(3, h * 0.012);
  ctx.beginPath(); ctx.arc(w / 2, h / 2, h * 0.08, 0, Math.PI * 1.5); ctx.stroke();
}

function drawGame(s) {
  const { w, h } = fitCanvas();
  if (s.phase === "betting") drawBetting(s, w, h);
  else if (s.phase === "playing") drawFlight(s, w, h);
  else if (s.phase === "ended") drawEnded(s, w, h);
  else drawLoading(w, h);
}

// -- what the user does ------------------------------------------------------------------------

function selectTab(tab) {
  const panel = tab.closest(".panel");
  panel.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
  panel.classList.toggle("auto", tab.dataset.tab === "auto");
}

document.addEventListener("mousedown", (event) => {
  event.preventDefault();
  const tab = event.target.closest("[data-tab]");
  if (tab) selectTab(tab);
  const element = event.target.closest("[data-element]");
  const panel = event.target.closest("[data-panel]");
  if (element && panel) send({ type: "click", panel: Number(panel.dataset.panel), element: element.dataset.element });
  else send({ type: "click" });
});

document.addEventListener("keydown", (event) => {
  event.preventDefault();
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "a") send({ type: "key", key: "ctrl+a" });
  else if (event.key === "Backspace") send({ type: "key", key: "backspace" });
  else if (event.key.length === 1 && !event.ctrlKey && !event.altKey) send({ type: "key", key: event.key });
});

new ResizeObserver(() => { if (state) schedule(); }).observe(document.getElementById("game"));

buildPanels();
document.fonts.load(`900 40px ${FONT}`).then(connect);
