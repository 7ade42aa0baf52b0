// The dashboard's pages. Everything from the server (names, chat, log lines) is put in with textContent, never
// as markup, and there is no inline script anywhere (the Content-Security-Policy forbids it).

import { drawHud } from './hud.js';

const $ = (selector) => document.querySelector(selector);

/** Builds an element with text and attributes; children may be elements or strings (shown as text). */
function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

let csrf = '';

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    location.assign('/login');
    throw new Error('logged out');
  }
  const value = await response.json();
  return { status: response.status, value };
}

// ---- pages ---------------------------------------------------------------------------------------------
function showPage() {
  const page = (location.hash || '#server').slice(1);
  for (const section of document.querySelectorAll('section[data-page]')) section.hidden = section.dataset.page !== page;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('current', link.dataset.page === page);
  if (page === 'apps' && csrf) void loadApps();
  if (page === 'maps' && csrf) void loadMaps();
  if (page === 'hud' && csrf) void loadHud();
  if (page === 'incidents' && csrf) void loadIncidents();
  if (page === 'privacy' && csrf) void loadPrivacy();
}
window.addEventListener('hashchange', showPage);

// ---- server and players --------------------------------------------------------------------------------
function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

function renderServer(server) {
  const rows = [
    ['Name', server.name],
    ['Login', server.login],
    ['Title', server.titleId],
    ['Mode', server.mode],
    ['Map', server.map ? `${server.map.name} by ${server.map.author}` : 'none'],
    ['Players', `${server.players} playing, ${server.spectators} spectating`],
    ['Dedicated server', server.connection],
    ['Controller uptime', duration(server.uptimeSeconds)],
    ['Node', server.node],
    ['Database', server.database],
  ];
  $('#status').replaceChildren(...rows.flatMap(([name, value]) => [element('dt', { text: name }), element('dd', { text: String(value), dataset: { field: name.toLowerCase() } })]));
}

const ACTIONS = ['kick', 'mute', 'warn', 'ban'];

function renderPlayers(players) {
  $('#player-count').textContent = `(${players.length})`;
  const rows = players.map((player) =>
    element(
      'tr',
      { dataset: { login: player.login } },
      element('td', { class: 'name', text: player.name }),
      element('td', { class: 'login', text: player.login }),
      element('td', { text: player.level }),
      element('td', { text: `${duration(player.playSeconds)}${player.isSpectator ? ' (spectating)' : ''}` }),
      element('td', {}, ...ACTIONS.map((action) => element('button', { type: 'button', class: `action-${action}`, dataset: { action, login: player.login }, text: action }))),
    ),
  );
  $('#players tbody').replaceChildren(...rows);
  const select = $('#hud-player');
  const chosen = select.value;
  select.replaceChildren(...players.map((player) => element('option', { value: player.login, text: `${player.name} (${player.login})` })));
  if (players.some((player) => player.login === chosen)) select.value = chosen;
  if (!$('#page-hud').hidden && select.value !== chosen) void loadHud();
}

$('#players').addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const { action, login } = button.dataset;
  const reason = $('#reason').value;
  const { value } = await api('POST', `/api/players/${encodeURIComponent(login)}/${action}`, { reason });
  $('#action-result').textContent = value.error ?? (value.answers.length ? value.answers.join(' ') : `${action}: done`);
});

// ---- maps ----------------------------------------------------------------------------------------------
/** A race time in ms as the game shows it: 0:25.000. */
function raceTime(ms) {
  const minutes = Math.floor(ms / 60000);
  const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, '0');
  return `${minutes}:${seconds}`;
}

/** A map name without the game's formatting codes ($s, $f00, $l[...]), for reading. */
function plainName(text) {
  return text.replace(/\$(\$|[0-9a-fA-F]{3}|[lh](\[[^\]]*\])?|.)/g, (code, next) => (next === '$' ? '$' : ''));
}

function renderMaps(view) {
  const rows = view.maps.map((map) =>
    element(
      'tr',
      { dataset: { uid: map.uid }, class: map.current ? 'current' : '' },
      element('td', { text: String(map.number) }),
      element('td', { class: 'name', text: plainName(map.name) + (map.current ? ' (playing)' : '') }),
      element('td', { text: map.author }),
      element('td', { class: 'karma', text: map.karma === null ? '' : map.karma > 0 ? `+${map.karma}` : String(map.karma) }),
      element('td', { class: 'record', text: map.recordMs === null ? '' : raceTime(map.recordMs) }),
      element('td', { class: 'queued', text: map.queued === null ? '' : `#${map.queued}` }),
      element(
        'td',
        {},
        element('button', { type: 'button', class: 'queue', dataset: { uid: map.uid }, text: 'Queue' }),
        element('button', { type: 'button', class: 'remove', dataset: { uid: map.uid }, text: 'Remove' }),
      ),
    ),
  );
  $('#maps tbody').replaceChildren(...rows);
  $('#jukebox').replaceChildren(...view.jukebox.map((entry) => element('li', { text: `${plainName(entry.name)} (queued by ${entry.login})` })));
  $('#tmx-form').hidden = !view.apps.tmx;
}

async function loadMaps() {
  renderMaps((await api('GET', '/api/maps')).value);
}

$('#maps').addEventListener('click', async (event) => {
  const button = event.target.closest('button.queue, button.remove');
  if (!button) return;
  const action = button.classList.contains('queue') ? 'queue' : 'remove';
  const { value } = await api('POST', `/api/maps/${action}`, { uid: button.dataset.uid });
  $('#map-result').textContent = value.error ?? (value.answers.length ? value.answers.join(' ') : `${action}: done`);
  await loadMaps();
});

$('#tmx-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('#map-result').textContent = 'Downloading from TMX...';
  const { value } = await api('POST', '/api/maps/tmx', { id: $('#tmx-id').value.trim() });
  $('#map-result').textContent = value.error ?? value.answers.join(' ');
  await loadMaps();
});

// ---- HUD preview ---------------------------------------------------------------------------------------
async function loadHud() {
  const login = $('#hud-player').value;
  if (!login) {
    $('#hud-canvas').replaceChildren();
    $('#hud-summary').textContent = 'No player is connected.';
    return;
  }
  const { value } = await api('GET', `/api/hud?login=${encodeURIComponent(login)}`);
  if (value.error) {
    $('#hud-summary').textContent = value.error;
    return;
  }
  const counts = drawHud($('#hud-canvas'), value.pages);
  $('#hud-summary').textContent = `${value.pages.length} page(s): ${counts.drawn} element(s) drawn, ${counts.boxed} shown as boxes`;
  $('#hud-pages').replaceChildren(...value.pages.map((page) => element('li', { text: `${page.app}: ${page.id}` })));
}
$('#hud-player').addEventListener('change', () => void loadHud());
$('#hud-refresh').addEventListener('click', () => void loadHud());

// ---- chat and console ----------------------------------------------------------------------------------
function addLine(list, text, className) {
  const item = element('li', className ? { class: className, text } : { text });
  list.append(item);
  while (list.children.length > 500) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function renderChat(line) {
  addLine($('#chat-lines'), `${line.time.slice(11, 19)} ${line.nickName} (${line.login}): ${line.text}`);
}

$('#chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('#chat-text').value;
  if (!text.trim()) return;
  const { value } = await api('POST', '/api/chat', { text });
  if (value.error) addLine($('#chat-lines'), value.error, 'error');
  else $('#chat-text').value = '';
});

$('#console-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const line = $('#command').value.trim();
  if (!line) return;
  const output = $('#console-output');
  addLine(output, `> ${line}`, 'command');
  const { value } = await api('POST', '/api/command', { line });
  if (value.error) addLine(output, value.error, 'answer');
  else for (const answer of value.answers.length ? value.answers : ['(ran, no answer)']) addLine(output, answer, 'answer');
  $('#command').value = '';
});

// ---- apps ----------------------------------------------------------------------------------------------
function renderApps(apps) {
  const cards = apps.map((app) => {
    const settings = app.settings.map((setting) =>
      element(
        'form',
        { class: 'setting inline', dataset: { app: app.id, key: setting.key } },
        element('code', { text: `${app.id}.${setting.key}` }),
        element('span', { class: 'value', text: setting.value }),
        element('input', { name: 'value', 'aria-label': `new value of ${app.id}.${setting.key}`, placeholder: setting.description || setting.type }),
        element('button', { type: 'submit', text: 'Set' }),
      ),
    );
    const budget = app.errorBudget;
    return element(
      'article',
      { class: 'app', dataset: { app: app.id } },
      element('h3', { text: `${app.id} ${app.version}` }),
      element('p', { class: 'state', text: app.reason ? `${app.state}: ${app.reason}` : app.state }),
      element('p', { class: 'budget', text: `errors: ${budget.used} of ${budget.count} allowed within ${budget.seconds} s` }),
      ...settings,
      element('button', { type: 'button', class: 'restart', dataset: { app: app.id }, text: 'Restart' }),
    );
  });
  $('#apps').replaceChildren(...cards);
}

async function loadApps() {
  renderApps((await api('GET', '/api/apps')).value);
}

$('#apps').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target.closest('form.setting');
  const { app, key } = form.dataset;
  const { value } = await api('POST', `/api/apps/${encodeURIComponent(app)}/settings`, { key, value: form.elements.value.value });
  $('#app-result').textContent = value.error ?? value.answers.join(' ');
});

$('#apps').addEventListener('click', async (event) => {
  const button = event.target.closest('button.restart');
  if (!button) return;
  const { value } = await api('POST', `/api/apps/${encodeURIComponent(button.dataset.app)}/restart`);
  $('#app-result').textContent = value.error ?? value.answers.join(' ');
});

// ---- incidents -----------------------------------------------------------------------------------------
async function loadIncidents() {
  const app = $('#incident-app').value.trim();
  const { value } = await api('GET', `/api/incidents${app ? `?app=${encodeURIComponent(app)}` : ''}`);
  $('#incidents tbody').replaceChildren(
    ...value.map((incident) =>
      element(
        'tr',
        { dataset: { incident: incident.id } },
        element('td', { text: incident.time ?? '' }),
        element('td', { text: incident.app }),
        element('td', { text: incident.type }),
        element('td', { text: incident.message }),
        element('td', {}, element('button', { type: 'button', class: 'open', dataset: { incident: incident.id }, text: incident.id })),
      ),
    ),
  );
}
$('#incident-app').addEventListener('input', () => void loadIncidents());

$('#incidents').addEventListener('click', async (event) => {
  const button = event.target.closest('button.open');
  if (!button) return;
  const { value } = await api('GET', `/api/incidents/${button.dataset.incident}`);
  if (value.error) return;
  $('#incident').hidden = false;
  $('#incident-title').textContent = `${value.type} in ${value.app}: ${value.message}`;
  $('#incident-stack').textContent = value.stack;
  $('#incident-note').textContent = value.report.note;
  $('#incident-report').textContent = value.report.body;
  $('#incident-feed-note').textContent = value.feed ? value.feed.note : '';
  $('#incident-feed').textContent = value.feed ? value.feed.body : '';
});

// ---- privacy -------------------------------------------------------------------------------------------
async function loadPrivacy() {
  const { value } = await api('GET', '/api/privacy');
  $('#privacy-level').textContent = `LOGGING_REPORTING is ${value.level}${value.reportingDsn ? `; reports go to ${value.reportingDsn}` : '; REPORTING_DSN is empty: reports stay on this machine'}.`;
  $('#privacy-levels').replaceChildren(
    ...value.levels.map((level) =>
      element('details', { dataset: { level: String(level.level) } }, element('summary', { text: `Level ${level.level}: ${level.note}` }), element('pre', { text: level.body || '(nothing)' })),
    ),
  );
  const analytics = value.analytics;
  $('#analytics-state').textContent = analytics ? `Analytics are ${analytics.on ? 'on' : 'off'} (${analytics.reason}).` : 'Analytics have not started yet.';
  $('#analytics-last').textContent = analytics?.last ? `Last ping: ${analytics.last.at} ${analytics.last.result}` : 'No ping was sent.';
  $('#analytics-preview').textContent = analytics ? JSON.stringify(analytics.preview, null, 2) : '';
}

// ---- log -----------------------------------------------------------------------------------------------
const LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];
const logLines = [];

function logShown(line) {
  const level = $('#log-level').value;
  const label = $('#log-label').value.trim();
  if (level && LEVELS.indexOf(line.level) > LEVELS.indexOf(level)) return false;
  if (label && line.label !== label) return false;
  return true;
}

function addLog(line) {
  logLines.push(line);
  if (logLines.length > 500) logLines.shift();
  if (logShown(line)) addLine($('#log-lines'), `${line.time.slice(11, 19)} ${line.level} [${line.label}] ${line.message}`, line.level);
}

function renderLog() {
  $('#log-lines').replaceChildren();
  for (const line of logLines.splice(0)) addLog(line);
}
$('#log-level').addEventListener('change', renderLog);
$('#log-label').addEventListener('input', renderLog);

// ---- start ---------------------------------------------------------------------------------------------
$('#logout').addEventListener('click', async () => {
  await api('POST', '/logout');
  location.assign('/login');
});

async function start() {
  showPage();
  const session = await api('GET', '/api/session');
  csrf = session.value.csrf;
  showPage();
  $('#who').textContent = `${session.value.actor} (${session.value.level})`;
  for (const line of (await api('GET', '/api/chat')).value) renderChat(line);
  for (const line of (await api('GET', '/api/log')).value) addLog(line);
  const live = new EventSource('/api/events');
  live.addEventListener('open', () => {
    $('#live').textContent = 'live';
    $('#live').classList.remove('off');
  });
  live.addEventListener('error', () => {
    $('#live').textContent = 'reconnecting';
    $('#live').classList.add('off');
  });
  live.addEventListener('server', (event) => renderServer(JSON.parse(event.data)));
  live.addEventListener('players', (event) => renderPlayers(JSON.parse(event.data)));
  live.addEventListener('apps', (event) => renderApps(JSON.parse(event.data)));
  live.addEventListener('maps', (event) => renderMaps(JSON.parse(event.data)));
  live.addEventListener('chat', (event) => renderChat(JSON.parse(event.data)));
  live.addEventListener('log', (event) => addLog(JSON.parse(event.data)));
}

start();
