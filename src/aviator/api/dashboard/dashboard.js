// The live dashboard: /bookmakers once (and every minute), then the WebSocket's events.
"use strict";
const RECENT = 20;
const cards = new Map();  // bookmaker -> {element, data}
let token = readToken();
let socket = null;

function readToken() {
  const match = location.hash.match(/token=([^&]+)/);
  if (match) {
    localStorage.setItem("aviator-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname);  // the token leaves the address bar
  }
  return localStorage.getItem("aviator-token");
}

function bubbleClass(crash) {
  return crash < 2 ? "low" : crash < 10 ? "mid" : "high";
}

function text(element, selector, value) {
  element.querySelector(selector).textContent = value;
}

function card(name) {
  if (!cards.has(name)) {
    const element = document.createElement("div");
    element.className = "card";
    element.dataset.bookmaker = name;
    element.innerHTML = '<h3><span class="name"></span><span class="state"></span></h3>' +
      '<div class="multiplier"></div><div class="phase"></div><div class="bubbles"></div><div class="facts"></div>';
    text(element, ".name", name);
    document.getElementById("grid").appendChild(element);
    cards.set(name, {element, data: {bookmaker: name, recent: [], rounds: 0}});
  }
  return cards.get(name);
}

function render(name) {
  const {element, data} = card(name);
  const restarts = data.restarts ? ` (${data.restarts} restarts)` : "";
  text(element, ".state", `${data.state || ""}${restarts}`);
  const multiplier = element.querySelector(".multiplier");
  multiplier.textContent = data.multiplier == null ? "–" : `${data.multiplier.toFixed(2)}x`;
  multiplier.className = `multiplier ${data.phase || ""}`;
  text(element, ".phase", data.unreadable ? "unreadable screen" : (data.phase || ""));
  const bubbles = element.querySelector(".bubbles");
  bubbles.replaceChildren(...data.recent.map((crash) => {
    const bubble = document.createElement("span");
    bubble.className = `bubble ${bubbleClass(crash)}`;
    bubble.textContent = `${crash.toFixed(2)}x`;
    return bubble;
  }));
  const hourly = data.rounds_last_hour == null ? "" : ` · ${data.rounds_last_hour} in the last hour`;
  text(element, ".facts", `${data.rounds} rounds this run${hourly}`);
}

function renderSummary() {
  let hourly = 0, bets = 0, profit = 0, betting = false;
  for (const {data} of cards.values()) {
    hourly += data.rounds_last_hour || 0;
    bets += data.bets || 0;
    if (data.profit != null) { profit += data.profit; betting = true; }
  }
  document.getElementById("hourly").textContent = hourly;
  document.getElementById("bets").textContent = bets;
  document.getElementById("profit").textContent = betting ? profit.toFixed(2) : "no bets";
}

function update(name, changes) {
  Object.assign(card(name).data, changes);
  render(name);
}

async function load() {
  const answer = await fetch("bookmakers");
  if (!answer.ok) return;
  // Once the stream is live it brings every crash: a reload (after a bet, every minute) may read
  // the database before the newest round's row is committed, and must not take that round away.
  const live = socket !== null && socket.readyState === WebSocket.OPEN;
  for (const bookmaker of await answer.json()) {
    const recent = live ? card(bookmaker.bookmaker).data.recent : bookmaker.recent;
    update(bookmaker.bookmaker, {...bookmaker, recent});
  }
  renderSummary();
}

function onRound(name, round) {
  const data = card(name).data;
  data.recent = [round.final_score, ...data.recent].slice(0, RECENT);
  data.rounds += 1;
  data.rounds_last_hour = (data.rounds_last_hour || 0) + 1;
  render(name);
  renderSummary();
}

function addAlert(alert) {
  const item = document.createElement("li");
  item.textContent = `${alert.at || ""} ${alert.source}: ${alert.message}`;
  const list = document.getElementById("alerts");
  list.prepend(item);
  while (list.children.length > 50) list.lastChild.remove();
}

const HANDLERS = {
  snapshot: (event) => event.data.bookmakers.forEach((b) => update(b.bookmaker, {...b, recent: card(b.bookmaker).data.recent})),
  round: (event) => onRound(event.bookmaker, event.data),
  status: (event) => update(event.bookmaker, event.data),
  state: (event) => update(event.bookmaker, {state: event.data.state, restarts: event.data.restarts}),
  alert: (event) => addAlert(event.data),
  bet: () => load(),
};

function connect() {
  const form = document.getElementById("token-form");
  if (!token) { form.hidden = false; return; }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
  const status = document.getElementById("connection");
  socket.onopen = () => { status.textContent = "live"; status.className = "on"; form.hidden = true; };
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    document.getElementById("node").textContent = event.node || "";
    (HANDLERS[event.kind] || (() => {}))(event);
  };
  socket.onclose = (closed) => {
    status.textContent = "not connected"; status.className = "off";
    if (closed.code === 1008) { form.hidden = false; return; }  // the token was refused
    setTimeout(connect, 2000);
  };
}

async function killSwitch() {
  if (!token) { document.getElementById("token-form").hidden = false; return; }
  if (!confirm("Stop every bet on every bookmaker now?")) return;
  const answer = await fetch("betting/stop", {method: "POST", headers: {Authorization: `Bearer ${token}`}});
  const body = await answer.json();
  addAlert({source: "kill switch", message: body.message || body.error, at: new Date().toISOString()});
}

document.getElementById("token-form").addEventListener("submit", (submitted) => {
  submitted.preventDefault();
  token = document.getElementById("token").value.trim();
  localStorage.setItem("aviator-token", token);
  connect();
});
document.getElementById("kill").addEventListener("click", killSwitch);
load().then(connect);
setInterval(load, 60000);
