// Live session page: state comes from the server (SSE), commands go to the JSON API.
// The server's log is the record: a reload or lost connection resumes from it. During a wrap
// session without a connection the page goes on alone: the countdown runs, rests end into the next
// set of the exercise (from the plan the state carries), the limbs' time under restriction keeps
// counting, and what the person does (sets, "wraps are on", reports, stop) is kept on the phone in
// order and sent when the connection returns; each set names the set it was for and carries a
// submission token, so it is logged once and never onto another set. The last state shown is kept
// too, so a reload without a connection (the service worker keeps this page) carries on from it.
// A cuff session never goes on alone: the cuff deflates when the host falls silent.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var person = root.dataset.person;
  var api = "/api/people/" + person + "/session";
  var QUEUE_KEY = "occlusion-queue-" + person;
  var STATE_KEY = "occlusion-state-" + person;
  var panel = document.getElementById("panel");
  var logForm = document.getElementById("log");
  var errorBox = document.getElementById("session-error");
  var statusBox = document.getElementById("status");
  var confirmBox = document.getElementById("stop-confirm");
  var lastStep = null, source = null, wakeLock = null, audio = null;
  var countdownEnd = null, cuffView = null, sessionId = null, restriction = null;
  var finished = false, sending = false, lastLogTap = 0;
  // The latest state from the server and when it came; what is on the screen and since when.
  var serverState = null, serverAt = 0, shown = null, shownAt = 0, localSince = 0, savedAt = 0;
  // Without a state from the server for this long the page goes on alone (wrap sessions) [ms].
  var STALE_MS = 3000;
  // A tap on a report or stop button this soon after "Log set" is the second half of a double
  // tap that the layout moved onto it, not a report [ms].
  var TAP_THROUGH_MS = 500;
  // The server's refusals that mean there is no session under way any more.
  var ENDED_CODES = ["session.none-in-progress", "session.over"];

  var STEPS = {
    "not-started": "Getting ready", starting: "Getting ready", apply: "Put the restriction on",
    set: "Set", rest: "Rest", reperfusion: "Restriction off: let the blood back",
    completed: "Session complete", stopped: "Session stopped"
  };
  // Loads are typed and shown in the reader's unit; the page says which and how many kg it holds.
  var massUnit = root.dataset.massUnit || "kg";
  var kgPerUnit = Number(root.dataset.kgPerUnit) || 1;
  // Each field's bounds and the server's words for each refusal, written into the page by it.
  var FIELDS = JSON.parse(root.dataset.fields);

  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function token() {
    // crypto.randomUUID needs a secure context; getRandomValues works on a plain LAN address too.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // ----- the cuff's pressure trace -------------------------------------------------------------
  var TRACE_S = 60;
  function CuffView(limbs) {
    this.limbs = limbs;
    this.data = [[]].concat(limbs.map(function () { return []; }), [[]]);
    this.chart = null;
    this.alarmsSeen = 0;
  }
  CuffView.prototype.add = function (cuff) {
    var now = Date.now() / 1000, data = this.data, target = null;
    data[0].push(now);
    this.limbs.forEach(function (limb, index) {
      var channel = cuff.channels[limb] || {};
      data[index + 1].push(channel.pressure_mmhg === undefined ? null : channel.pressure_mmhg);
      if (target === null && channel.target_mmhg !== null && channel.target_mmhg !== undefined) { target = channel.target_mmhg; }
    });
    data[data.length - 1].push(target);
    while (data[0].length && data[0][0] < now - TRACE_S) { data.forEach(function (column) { column.shift(); }); }
    var holder = document.getElementById("pressure-chart");
    if (!window.uPlot || !holder) { return; }
    if (this.chart) { this.chart.setData(data); return; }
    var colours = ["#a40000", "#1d4f91", "#1b5e20", "#7a4b00"];
    this.chart = new window.uPlot({
      width: Math.min(holder.clientWidth || 320, 720), height: 180,
      scales: {x: {time: true}, y: {range: [0, 300]}},
      series: [{label: "time"}].concat(this.limbs.map(function (limb, index) {
        return {label: words(limb) + " (mmHg)", stroke: colours[index % colours.length], width: 2};
      }), [{label: "target (mmHg)", stroke: "#111", width: 1, dash: [6, 4]}]),
      axes: [{}, {label: "mmHg"}]
    }, data, holder);
  };

  function words(value) { return String(value || "").replace(/-/g, " "); }

  // Seconds as minutes and seconds on a clock face: 3 → "0:03", 1200 → "20:00".
  function clock(seconds) {
    var whole = Math.max(0, Math.round(seconds || 0));
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function renderCuff(state) {
    var box = document.getElementById("cuff");
    if (!state.cuff) { box.hidden = true; return; }
    box.hidden = false;
    var limbs = Object.keys(state.cuff.channels).sort();
    if (!cuffView) { cuffView = new CuffView(limbs); }
    cuffView.add(state.cuff);
    document.getElementById("cuff-readout").textContent = limbs.map(function (limb) {
      var channel = state.cuff.channels[limb];
      var pressure = channel.pressure_mmhg === null ? "—" : Math.round(channel.pressure_mmhg);
      var target = channel.target_mmhg === null ? "deflated" : "target " + Math.round(channel.target_mmhg);
      return words(limb) + ": " + pressure + " mmHg (" + target + ")";
    }).join(" · ") + (state.cuff.simulated ? " — simulated cuff" : "");
    // Only alarms that need the person are red; advisories (a normal inflation's notes) are not.
    var severity = {};
    (state.cuff.alarms || []).forEach(function (item) { if (item.event === "raised") { severity[item.code] = item.severity; } });
    var active = state.cuff.active_alarms || [];
    var alarms = active.filter(function (code) { return severity[code] !== "advisory"; });
    var advisories = active.filter(function (code) { return severity[code] === "advisory"; });
    var alarm = document.getElementById("cuff-alarm");
    alarm.hidden = alarms.length === 0;
    alarm.textContent = alarms.length ? "Cuff alarm: " + alarms.map(words).join(", ") : "";
    var advisory = document.getElementById("cuff-advisory");
    advisory.hidden = advisories.length === 0;
    advisory.textContent = advisories.length ? "Note from the cuff: " + advisories.map(words).join(", ") : "";
    var raised = (state.cuff.alarms || []).filter(function (item) { return item.event === "raised" && item.severity !== "advisory"; });
    if (raised.length > cuffView.alarmsSeen) { cue(); }
    cuffView.alarmsSeen = raised.length;
    var list = document.getElementById("cuff-alarms");
    list.textContent = "";
    (state.cuff.alarms || []).slice(-5).forEach(function (item) {
      var entry = document.createElement("li");
      entry.textContent = words(item.code) + " " + item.event + (item.limb ? " (" + words(item.limb) + ")" : "") + " — " + item.severity;
      list.appendChild(entry);
    });
  }

  // ----- commands --------------------------------------------------------------------------------
  function clearFieldErrors() {
    Object.keys(FIELDS).forEach(function (name) {
      var box = document.getElementById(name + "-error");
      box.hidden = true; box.textContent = "";
      document.getElementById(name).removeAttribute("aria-invalid");
    });
  }

  function fieldError(name, text) {
    var box = document.getElementById(name + "-error");
    if (!box) { return false; }
    box.textContent = text; box.hidden = false;
    document.getElementById(name).setAttribute("aria-invalid", "true");
    return true;
  }

  function showError(text) { errorBox.textContent = text; errorBox.hidden = false; }

  function post(path, body) {
    errorBox.hidden = true;
    return fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: {"content-type": "application/json", "x-csrftoken": csrf()},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || data.detail || "That did not work; try again.");
          error.field = data.field; error.refused = true; error.code = data.code;
          throw error;
        }
        if (!data.repeat) { fromServer(data); }
        return data;
      });
    });
  }

  function command(path, body) {
    return post(path, body).catch(function (error) {
      showError(error.refused ? error.message : "No connection: that was not sent. Try again when the connection is back.");
    });
  }

  function cue() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.2;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.25);
    } catch (ignored) { /* no audio on this device */ }
    if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
  }

  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock; lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* not allowed here */ });
  }

  function show(selector, visible) {
    var element = root.querySelector(selector);
    if (element) { element.hidden = !visible; }
  }

  function summaryPath() { return "/people/" + person + "/sessions/" + sessionId; }

  function end(state) {
    finished = true;
    forgetState();
    if (source) { source.close(); }
    root.dataset.step = state && state.step ? state.step : "stopped";
    panel.hidden = true;
    statusBox.textContent = queue().length ? "The session has ended: adding the sets kept on this phone to it." : "";
    // Sets kept on the phone cannot be logged in a session that has ended: they are added to
    // it as sets sent late, and the summary says what became of each.
    sendLate(function (outcome) {
      if (sessionId) { window.location.assign(summaryPath() + outcome.query); }
      else { statusBox.textContent = "The session is over. Its summary is in the history." + outcome.words; }
    });
  }

  // ----- sets kept on the phone whose session ended before they were sent ----------------------
  // Each kept set goes to its session's late sets; what is done with every kept item is counted:
  // added, refused (with the server's words), still unsent (no connection: kept for the next
  // visit) and other actions (a report, a stop) that no longer apply to an ended session.
  function sendLate(done) {
    var items = queue(), counts = {added: 0, refused: 0, unsent: 0, other: 0}, reasons = [];
    var keptBack = [];
    function finish() {
      saveQueue(keptBack);
      var query = [];
      Object.keys(counts).forEach(function (key) { if (counts[key]) { query.push("kept_" + key + "=" + counts[key]); } });
      if (reasons.length) { query.push("kept_reason=" + encodeURIComponent(reasons[0])); }
      done({query: query.length ? "?" + query.join("&") : "", words: lateWords(counts, reasons[0])});
    }
    function next(index) {
      if (index >= items.length) { finish(); return; }
      var item = items[index];
      var session = item.session_id || sessionId;
      if (item.kind !== "log" || !session) { counts.other += 1; next(index + 1); return; }
      var body = JSON.parse(JSON.stringify(item.body));
      body.expected_set = [item.exercise_number, item.set_number];
      if (item.done_at) { body.done_at = item.done_at; }
      fetch("/api/people/" + person + "/sessions/" + session + "/late-sets", {
        method: "POST", credentials: "same-origin",
        headers: {"content-type": "application/json", "x-csrftoken": csrf()},
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) { counts.added += 1; }
          else { counts.refused += 1; reasons.push(data.message || "it could not be added"); }
          next(index + 1);
        });
      }).catch(function () { counts.unsent += 1; keptBack.push(item); next(index + 1); });
    }
    next(0);
  }

  function lateWords(counts, reason) {
    var parts = [];
    var sets = function (n) { return n + (n === 1 ? " set" : " sets"); };
    if (counts.added) { parts.push(sets(counts.added) + " kept on this phone " + (counts.added === 1 ? "was" : "were") + " added to the session."); }
    if (counts.refused) { parts.push(sets(counts.refused) + " could not be added: " + reason); }
    if (counts.unsent) { parts.push(sets(counts.unsent) + " are still kept on this phone and will be sent from the session page when the connection is back."); }
    return parts.length ? " " + parts.join(" ") : "";
  }

  function fromServer(state) {
    serverState = state; serverAt = Date.now();
    if (!queue().length) { localSince = 0; }
    render(state);
  }

  function render(state) {
    if (!state || !state.step || finished) { return; }
    shown = state; shownAt = Date.now();
    remember(false);
    if (state.session_id) { sessionId = state.session_id; }
    if (state.restriction) { restriction = state.restriction; }
    if (state.outcome) { cue(); end(state); return; }
    panel.hidden = false;
    var start = document.getElementById("start");
    if (start) { start.hidden = true; }
    // Once under way the introduction is stale, and its lines keep the set's controls (log
    // the set, its load, release and stop) on the phone's first screen.
    var intro = document.getElementById("intro");
    if (intro) { intro.hidden = true; }
    if (lastStep !== null && state.step !== lastStep) { cue(); }
    lastStep = state.step;
    root.dataset.step = state.step;
    var step = STEPS[state.step] || words(state.step);
    if (state.step === "apply") { step = state.restriction === "cuff" ? "The cuff is inflating" : "Put the wraps on"; }
    if (state.local_step) { step = state.local_step; }
    document.getElementById("step").textContent = step;
    var setNumber = Math.min(state.set_number, state.set_count);
    document.getElementById("exercise").textContent = state.exercise + " · set " + setNumber + " of " + state.set_count +
      (state.exercise_count > 1 ? " · exercise " + state.exercise_number + " of " + state.exercise_count : "");
    var target = state.to_failure ? "to failure" : (state.target_reps ? state.target_reps + " reps" : "");
    var targetLoad = state.target_load_kg ? Math.round(state.target_load_kg / kgPerUnit * 100) / 100 : null;
    if (targetLoad) { target += " at " + targetLoad + " " + massUnit; }
    var loadBox = document.getElementById("load");
    if (loadBox && state.step === "set" && targetLoad && !loadBox.value) { loadBox.value = String(targetLoad); }
    document.getElementById("target").textContent = state.step === "set" || state.step === "apply" ? target : (state.step === "rest" ? "Next: " + target : "");
    countdownEnd = state.seconds_remaining === null ? null : Date.now() + state.seconds_remaining * 1000;
    tickCountdown();
    var prompts = document.getElementById("prompts");
    prompts.textContent = "";
    (state.prompts || []).forEach(function (text) {
      var item = document.createElement("li"); item.textContent = text; prompts.appendChild(item);
    });
    var budgets = document.getElementById("budgets");
    renderBudgets(state.budgets);
    renderCuff(state);
    show('[data-action="confirm"]', state.step === "apply" && state.restriction !== "cuff");
    show('[data-action="skip"]', state.countdown_kind === "rest");
    setLogging(state.step === "set");
    // Before the first set nothing sits where the form will be: no space to keep yet.
    if (state.step === "apply" || state.step === "starting") { logForm.hidden = true; }
  }

  // The log form keeps its place when it is not in use: a double tap on "Log set" must not land
  // on the report buttons below it, which stop the session.
  function setLogging(on) {
    logForm.hidden = false;
    logForm.classList.toggle("idle", !on);
    logForm.inert = !on;
    logForm.setAttribute("aria-hidden", on ? "false" : "true");
  }

  function renderBudgets(list) {
    var budgets = document.getElementById("budgets");
    budgets.textContent = "";
    (list || []).forEach(function (budget) {
      var item = document.createElement("li");
      var limb = words(budget.limb);
      item.textContent = limb.charAt(0).toUpperCase() + limb.slice(1) + ": " + clock(budget.used_s) + " of " + clock(budget.cap_s) +
        " under restriction" + (budget.applied ? ", restriction on now" : "");
      budgets.appendChild(item);
    });
  }

  function tickCountdown() {
    var box = document.getElementById("countdown");
    if (countdownEnd === null) { box.textContent = "—"; return; }
    var left = Math.max(0, Math.round((countdownEnd - Date.now()) / 1000));
    box.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
  }
  setInterval(function () { tickCountdown(); goOnAlone(); }, 250);

  // ----- a wrap session without a connection -------------------------------------------------------
  function copy(state) { return JSON.parse(JSON.stringify(state)); }

  // ``state`` as it is ``seconds`` later: the countdown lower, the limbs under restriction longer.
  function aged(state, seconds) {
    var next = copy(state);
    if (next.seconds_remaining !== null && next.seconds_remaining !== undefined) {
      next.seconds_remaining = Math.max(0, next.seconds_remaining - seconds);
    }
    (next.budgets || []).forEach(function (budget) { if (budget.applied) { budget.used_s += seconds; } });
    return next;
  }

  function alone() {
    return shown && shown.restriction === "wrap" && !shown.outcome && Date.now() - serverAt > STALE_MS;
  }

  // Show a state the phone worked out by itself (a change of step beeps, as from the server).
  function goLocal(state) {
    if (!localSince) { localSince = Date.now(); }
    state.local = true;
    render(state);
  }

  function plannedSet(state, number) {
    var plan = state.exercise_plan;
    var planned = plan && plan.sets[number - 1];
    if (!planned) { return false; }
    state.set_number = number;
    state.target_reps = planned.target_reps; state.to_failure = planned.to_failure;
    state.target_load_kg = planned.target_load_kg;
    return true;
  }

  // The next step after a set logged on the phone: the rest, then the next set of the exercise.
  function afterLocalSet(state) {
    var next = copy(state);
    next.prompts = []; next.cadence = null; next.local_step = null;
    var plan = next.exercise_plan;
    if (!plan || !plannedSet(next, state.set_number + 1)) {
      next.step = "held"; next.countdown_kind = null; next.seconds_remaining = null;
      next.local_step = "Exercise done";
      next.prompts = ["Take the wraps off. The session goes on when the connection is back."];
      next.budgets.forEach(function (budget) { budget.applied = false; });
      return next;
    }
    next.step = "rest"; next.countdown_kind = "rest"; next.seconds_remaining = plan.rest_between_sets_s;
    if (plan.intermittent) {
      next.prompts = ["Take the wraps off for the rest."];
      next.budgets.forEach(function (budget) { budget.applied = false; });
    }
    return next;
  }

  function goOnAlone() {
    if (finished || !alone()) { return; }
    var now = aged(shown, (Date.now() - shownAt) / 1000);
    var capped = (now.budgets || []).filter(function (budget) { return budget.applied && budget.used_s >= budget.cap_s; });
    if (capped.length) {
      now.step = "held"; now.countdown_kind = null; now.seconds_remaining = null;
      now.local_step = "Take the wraps off now";
      now.prompts = ["Time under restriction is up for " + capped.map(function (budget) { return words(budget.limb); }).join(" and ") +
        ". Take the wraps off and rest; the session goes on when the connection is back."];
      now.budgets.forEach(function (budget) { budget.applied = false; });
      goLocal(now);
      return;
    }
    if (now.step === "rest" && now.countdown_kind === "rest" && now.seconds_remaining <= 0) {
      now.countdown_kind = null; now.seconds_remaining = null; now.prompts = [];
      var planned = now.exercise_plan ? now.exercise_plan.sets[now.set_number - 1] : null;
      if (now.exercise_plan && now.exercise_plan.intermittent) {
        now.step = "apply";
      } else {
        now.step = "set";
        if (planned && planned.duration_s) { now.seconds_remaining = planned.duration_s; }
      }
      goLocal(now);
      return;
    }
    // Keep the kept state current (the budgets' time) about once a second.
    if (Date.now() - savedAt > 1000) { shown = now; shownAt = Date.now(); remember(true); }
  }

  // The last state shown, with the time it was shown, for a reload without a connection.
  function remember(force) {
    if (!shown || shown.restriction !== "wrap") { return; }
    if (!force && Date.now() - savedAt < 1000 && !shown.local) { return; }
    savedAt = Date.now();
    try { window.localStorage.setItem(STATE_KEY, JSON.stringify({state: shown, at: shownAt, local: localSince > 0})); } catch (ignored) { /* private mode */ }
  }

  function forgetState() {
    try { window.localStorage.removeItem(STATE_KEY); } catch (ignored) { /* private mode */ }
  }

  function kept() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STATE_KEY) || "null");
      return saved && saved.state && saved.state.step ? saved : null;
    } catch (ignored) { return null; }
  }

  // After a start, fetch this page again so the copy the service worker keeps shows the session.
  function refreshKeptPage() {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      fetch(window.location.pathname, {credentials: "same-origin"}).catch(function () { /* offline */ });
    }
  }

  function sourceLost() {
    statusBox.textContent = shown && shown.restriction === "cuff" ?
      "Connection lost: reconnecting. The cuff deflates by itself if the connection stays lost." :
      "No connection: the session goes on here, and what you log is kept on this phone until the connection is back.";
  }

  function listen() {
    if (source) { source.close(); }
    source = new EventSource(api + "/stream");
    source.addEventListener("state", function (event) {
      statusBox.textContent = queue().length ? "Back online: sending what was kept on this phone." : "";
      fromServer(JSON.parse(event.data));
      flush();
    });
    source.addEventListener("end", function (event) {
      source.close();
      var last = JSON.parse(event.data || "{}");
      if (last.session_id) { sessionId = last.session_id; }
      end(last);
    });
    source.onerror = function () {
      if (finished) { return; }
      serverState = null;
      sourceLost();
      // The server refused the stream (it never retries then): ask it why. A session that
      // ended while this phone was away is ended here too, keeping what the phone holds.
      if (source && source.readyState === 2) { source = null; askIfEnded(); }
    };
  }

  function askIfEnded() {
    fetch(api, {credentials: "same-origin"}).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok && data && data.step) { listen(); return; }
        if (!response.ok && ENDED_CODES.indexOf(data.code) >= 0) { end({step: "stopped"}); }
      });
    }).catch(function () { /* still no connection: "online" listens again */ });
  }

  // ----- sets kept on the phone while offline (wrap sessions only) --------------------------------
  function queue() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]"); } catch (ignored) { return []; }
  }
  function saveQueue(items) {
    try { window.localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); } catch (ignored) { /* private mode */ }
  }

  function keep(item) {
    // The session it was done in, so it can still be kept if that session ends meanwhile.
    if (sessionId && !item.session_id) { item.session_id = sessionId; }
    saveQueue(queue().concat([item]));
  }

  // What to send next for the first kept item, given the server's state: a request, "done" (the
  // item needs nothing more) or "moved-on" (the session is past it).
  function nextRequest(item, state) {
    if (state.outcome) { return "moved-on"; }
    var here = state.exercise_number === item.exercise_number && state.set_number === item.set_number;
    if (item.kind === "stop") { return {path: "/stop", body: {}, last: true}; }
    if (item.kind === "report") { return {path: "/report", body: item.body, last: true}; }
    if (item.kind === "confirm") {
      if (!here) { return "moved-on"; }
      if (state.step === "apply") { return {path: "/confirm", body: {}, last: true}; }
      if (state.step === "rest" && state.countdown_kind === "rest") { return {path: "/skip", body: {}}; }
      return state.step === "set" ? "done" : "moved-on";
    }
    // A set: bring the server to it (the rest was taken on the phone), then log it. A set the
    // server is past is still sent, for the server to tell a resend (its token) from a set
    // that can no longer be logged.
    if (here && state.step === "rest" && state.countdown_kind === "rest") { return {path: "/skip", body: {}}; }
    if (here && state.step === "apply") { return {path: "/confirm", body: {}}; }
    // The set keeps the time it was done on this phone (the server checks it is believable).
    var body = JSON.parse(JSON.stringify(item.body));
    if (item.done_at) { body.done_at = item.done_at; }
    return {path: "/log", body: body, last: true};
  }

  function dropFirst(text) {
    saveQueue(queue().slice(1));
    showError(text);
  }

  function flush() {
    var items = queue();
    if (sending || !items.length || !serverState || Date.now() - serverAt > STALE_MS) { return; }
    var item = items[0];
    var request = nextRequest(item, serverState);
    if (request === "done") { saveQueue(queue().slice(1)); flush(); return; }
    if (request === "moved-on") {
      dropFirst(item.kind === "log" ? "A set kept on this phone was not logged: the session had moved on." :
        "Something kept on this phone was not sent: the session had moved on.");
      flush();
      return;
    }
    sending = true;
    post(request.path, request.body).then(function (data) {
      sending = false;
      if (request.last || data.repeat) { saveQueue(queue().slice(1)); }
      if (data.repeat) { serverState = null; } else { flush(); }
    }).catch(function (error) {
      sending = false;
      if (error.refused && ENDED_CODES.indexOf(error.code) >= 0) {
        // The session ended on the server before this arrived: keep the sets in it.
        end({step: "stopped"});
      } else if (error.refused) {
        // The server will not take it (the session moved on): say so rather than retry forever.
        dropFirst((item.kind === "log" ? "A set kept on this phone was not logged: " : "Something kept on this phone was not sent: ") + error.message);
      } else {
        serverState = null;
      }
    });
  }
  // The phone knows it lost the network: a stream still open is not to be trusted (it may hang
  // rather than fail), so close it and go on alone; listen again when the network is back.
  window.addEventListener("offline", function () {
    if (finished || !source) { return; }
    source.close(); source = null;
    serverState = null; serverAt = 0;
    sourceLost();
  });
  window.addEventListener("online", function () {
    if (!finished && shown && !source) { listen(); }
    flush();
  });
  setInterval(flush, 5000);

  // ----- the person's taps -------------------------------------------------------------------------
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.type === "submit") { return; }
    keepAwake();
    var action = button.dataset.action;
    var reporting = button.dataset.report || button.dataset.symptom;
    if (reporting && Date.now() - lastLogTap < TAP_THROUGH_MS) { return; }
    if (button.id === "start") {
      button.disabled = true;
      post("/start").then(function (data) { if (data) { listen(); refreshKeptPage(); } })
        .catch(function (error) { showError(error.refused ? error.message : "No connection: the session did not start."); })
        .then(function () { button.disabled = false; });
    } else if (action === "stop") {
      confirmBox.hidden = false; button.hidden = true;
      confirmBox.querySelector('[data-action="stop-confirmed"]').focus();
    } else if (action === "stop-cancel") {
      confirmBox.hidden = true; show('[data-action="stop"]', true);
    } else if (action === "stop-confirmed") {
      confirmBox.hidden = true; show('[data-action="stop"]', true);
      act("/stop", {}, {kind: "stop"});
    } else if (action === "confirm") { act("/confirm", {}, {kind: "confirm"}); }
    else if (action === "skip") { act("/skip", {}, {kind: "skip"}); }
    else if (action) { command("/" + action); }
    else if (button.dataset.report) { act("/report", {discomfort: Number(button.dataset.report)}, {kind: "report"}); }
    else if (button.dataset.symptom) { act("/report", {symptom: button.dataset.symptom}, {kind: "report"}); }
  });

  // Act on the session; in a wrap session without a connection, do it on the phone and keep it
  // to send when the connection is back.
  function act(path, body, item) {
    if (alone()) { actAlone(body, item); return; }
    post(path, body).catch(function (error) {
      if (error.refused) { showError(error.message); }
      else if (shown && shown.restriction === "wrap") { actAlone(body, item); }
      else { showError("No connection: that was not sent. Try again when the connection is back."); }
    });
  }

  function actAlone(body, item) {
    var now = aged(shown, (Date.now() - shownAt) / 1000);
    item.exercise_number = now.exercise_number; item.set_number = now.set_number;
    if (item.kind === "skip") {
      // Nothing to send: the rest taken on the phone is skipped on the server when the next set is.
      if (now.step === "rest" && now.countdown_kind === "rest") { now.seconds_remaining = 0; goLocal(now); goOnAlone(); }
      return;
    }
    item.body = body;
    keep(item);
    if (item.kind === "confirm") {
      if (now.step !== "apply") { return; }
      now.step = "set"; now.prompts = [];
      now.budgets.forEach(function (budget) { budget.applied = true; });
      var planned = now.exercise_plan ? now.exercise_plan.sets[now.set_number - 1] : null;
      now.seconds_remaining = planned && planned.duration_s ? planned.duration_s : null;
    } else {
      // A report or stop: the stop rules are the server's; on the phone, the wraps come off now.
      now.step = "held"; now.countdown_kind = null; now.seconds_remaining = null;
      now.local_step = item.kind === "stop" ? "Session stopped" : "Take the wraps off now";
      now.prompts = [(item.kind === "stop" ? "Take the wraps off. " : "") +
        "This is sent when the connection is back, and the session is ended or goes on from there."];
      now.budgets.forEach(function (budget) { budget.applied = false; });
    }
    goLocal(now);
    statusBox.textContent = "No connection: this is kept on this phone and will be sent when the connection is back.";
  }

  // When a kept set was done, by this phone's clock: ISO 8601 with the phone's UTC offset, so
  // the server can keep it in the person's own time.
  function localTime(moment) {
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var offset = -moment.getTimezoneOffset();
    var sign = offset < 0 ? "-" : "+";
    var abs = Math.abs(offset);
    return moment.getFullYear() + "-" + two(moment.getMonth() + 1) + "-" + two(moment.getDate()) +
      "T" + two(moment.getHours()) + ":" + two(moment.getMinutes()) + ":" + two(moment.getSeconds()) +
      "." + String(moment.getMilliseconds() + 1000).slice(1) + sign + two(Math.floor(abs / 60)) + ":" + two(abs % 60);
  }

  function readField(data, name) {
    var rule = FIELDS[name];
    var text = String(data.get(name) || "").trim();
    if (!text) {
      if (rule.required) { throw {field: name, message: rule.missing}; }
      return null;
    }
    if (!/^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$/.test(text)) { throw {field: name, message: rule.not_number}; }
    var value = Number(text.replace(",", "."));
    if (rule.whole && !Number.isInteger(value)) { throw {field: name, message: rule.not_whole}; }
    if (value < rule.low || value > rule.high) { throw {field: name, message: rule.out_of_range}; }
    return value;
  }

  logForm.addEventListener("submit", function (event) {
    event.preventDefault();
    lastLogTap = Date.now();
    var data = new FormData(logForm);
    // Every field is read before refusing, so each invalid one shows its message at once.
    var read = {}, problems = [];
    Object.keys(FIELDS).forEach(function (name) {
      try { read[name] = readField(data, name); } catch (problem) { problems.push(problem); }
    });
    if (problems.length) {
      clearFieldErrors();
      problems.forEach(function (problem) { fieldError(problem.field, problem.message); });
      document.getElementById(problems[0].field).focus();
      return;
    }
    var body = {
      reps: read.reps, load: read.load, load_unit: massUnit,
      rpe: read.rpe, discomfort: read.discomfort,
      symptoms: data.get("symptoms") ? [data.get("symptoms")] : [], submission: token()
    };
    var button = logForm.querySelector("button[type=submit]");
    button.disabled = true;
    var logged = shown ? [shown.exercise_number, shown.set_number] : null;
    if (logged) { body.expected_set = logged; }
    var keepIt = function () {
      var now = aged(shown, (Date.now() - shownAt) / 1000);
      keep({kind: "log", body: body, exercise_number: logged[0], set_number: logged[1], done_at: localTime(new Date())});
      logForm.reset();
      clearFieldErrors();
      goLocal(afterLocalSet(now));
      statusBox.textContent = "No connection: this set is kept on this phone and will be sent when the connection is back.";
    };
    if (logged && alone()) { keepIt(); button.disabled = false; return; }
    post("/log", body).then(function () { logForm.reset(); clearFieldErrors(); }).catch(function (error) {
      clearFieldErrors();
      if (error.refused) {
        if (!(error.field && fieldError(error.field, error.message))) { showError(error.message); }
      } else if (restriction === "wrap" && logged) {
        keepIt();
      } else {
        showError("No connection: the set was not sent. The cuff deflates by itself if the connection stays lost.");
      }
    }).then(function () { button.disabled = false; });
  });

  // On load: carry on from the state kept on this phone when there is no connection (or until the
  // server's first state arrives); a page from the server that shows no session forgets it.
  var saved = kept();
  if (saved && root.dataset.running !== "yes" && navigator.onLine) { forgetState(); saved = null; }
  if (saved) {
    var start = document.getElementById("start");
    if (start) { start.hidden = true; }
    // Once under way the introduction is stale, and its lines keep the set's controls (log
    // the set, its load, release and stop) on the phone's first screen.
    var intro = document.getElementById("intro");
    if (intro) { intro.hidden = true; }
    localSince = saved.local ? Date.now() : 0;
    render(aged(saved.state, Math.max(0, (Date.now() - saved.at) / 1000)));
    if (saved.local) { shown.local = true; }
  }
  if (root.dataset.running === "yes" || saved) { listen(); }
  else if (queue().length && navigator.onLine) {
    // Sets kept on this phone from a session that ended while the page was closed.
    statusBox.textContent = "Adding the sets kept on this phone to the session they were done in.";
    sendLate(function (outcome) { statusBox.textContent = outcome.words.trim(); });
  }
})();
