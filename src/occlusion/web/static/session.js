// Live session page: state comes from the server (SSE), commands go to the JSON API.
// Nothing lives only in the browser: a reload or lost connection resumes from the server.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var person = root.dataset.person;
  var api = "/api/people/" + person + "/session";
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "";
  var panel = document.getElementById("panel");
  var logForm = document.getElementById("log");
  var errorBox = document.getElementById("session-error");
  var statusBox = document.getElementById("status");
  var lastStep = null, source = null, wakeLock = null, audio = null;
  var countdownEnd = null;
  var cuffView = null;

  // The cuff's pressure trace: the last minute of streamed samples, one line per limb plus the
  // target (dashed), redrawn on every update (20 per second).
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
      width: Math.min(holder.clientWidth || 320, 720), height: 200,
      scales: {x: {time: true}, y: {range: [0, 300]}},
      series: [{label: "time"}].concat(this.limbs.map(function (limb, index) {
        return {label: limb.replace("-", " ") + " [mmHg]", stroke: colours[index % colours.length], width: 2};
      }), [{label: "target [mmHg]", stroke: "#111", width: 1, dash: [6, 4]}]),
      axes: [{}, {label: "mmHg"}]
    }, data, holder);
  };

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
      return limb.replace("-", " ") + ": " + pressure + " mmHg (" + target + ")";
    }).join(" · ") + (state.cuff.simulated ? " — simulated cuff" : "");
    var alarm = document.getElementById("cuff-alarm");
    var active = state.cuff.active_alarms || [];
    alarm.hidden = active.length === 0;
    alarm.textContent = active.length ? "Cuff alarm: " + active.join(", ") : "";
    var raised = (state.cuff.alarms || []).filter(function (item) { return item.event === "raised" && item.severity !== "advisory"; });
    if (raised.length > cuffView.alarmsSeen) { cue(); }
    cuffView.alarmsSeen = raised.length;
    var list = document.getElementById("cuff-alarms");
    list.innerHTML = "";
    (state.cuff.alarms || []).slice(-5).forEach(function (item) {
      var entry = document.createElement("li");
      entry.textContent = item.code + " " + item.event + (item.limb ? " (" + item.limb.replace("-", " ") + ")" : "") + " — " + item.severity;
      list.appendChild(entry);
    });
  }

  function post(path, body) {
    errorBox.hidden = true;
    return fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: {"content-type": "application/json", "x-csrftoken": decodeURIComponent(csrf)},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || "request failed"); }
        render(data); return data;
      });
    }).catch(function (error) { errorBox.textContent = error.message; errorBox.hidden = false; });
  }

  function cue() {
    // Audio cue and vibration on every change of step.
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

  var finished = false;

  function render(state) {
    if (!state || !state.step) { return; }
    // An outcome is final: a stream update computed just before it must not undo it.
    if (finished) { return; }
    if (state.outcome) { finished = true; }
    panel.hidden = false;
    var start = document.getElementById("start");
    if (start) { start.hidden = true; }
    if (lastStep !== null && state.step !== lastStep) { cue(); }
    lastStep = state.step;
    root.dataset.step = state.step;
    document.getElementById("step").textContent = state.outcome ? "Session " + state.outcome : state.step.replace("-", " ");
    document.getElementById("exercise").textContent = state.exercise + " — set " + state.set_number + " of " + state.set_count +
      " (exercise " + state.exercise_number + " of " + state.exercise_count + ")";
    var target = state.to_failure ? "to failure" : (state.target_reps ? state.target_reps + " reps" : "");
    if (state.target_load_kg) { target += " at " + state.target_load_kg + " kg"; }
    document.getElementById("target").textContent = target;
    countdownEnd = state.seconds_remaining === null ? null : Date.now() + state.seconds_remaining * 1000;
    tickCountdown();
    var prompts = document.getElementById("prompts");
    prompts.innerHTML = "";
    (state.prompts || []).forEach(function (text) {
      var item = document.createElement("li"); item.textContent = text; prompts.appendChild(item);
    });
    var budgets = document.getElementById("budgets");
    budgets.innerHTML = "";
    (state.budgets || []).forEach(function (budget) {
      var item = document.createElement("li");
      item.textContent = budget.limb + ": " + Math.round(budget.used_s) + " of " + Math.round(budget.cap_s) + " s under restriction" + (budget.applied ? " (on)" : "");
      budgets.appendChild(item);
    });
    renderCuff(state);
    // A cuff reports itself at target; only wraps need the person to confirm.
    show('[data-action="confirm"]', state.step === "apply" && state.restriction !== "cuff");
    show('[data-action="skip"]', state.countdown_kind === "rest");
    logForm.hidden = state.step !== "set";
    if (state.outcome) {
      show('[data-action="stop"]', false);
      if (source) { source.close(); }
      var summary = document.getElementById("summary-link");
      if (summary && state.session_id) {
        summary.querySelector("a").href = "/people/" + root.dataset.person + "/sessions/" + state.session_id;
        summary.hidden = false;
      }
    }
  }

  function tickCountdown() {
    var box = document.getElementById("countdown");
    if (countdownEnd === null) { box.textContent = "—"; return; }
    var left = Math.max(0, Math.round((countdownEnd - Date.now()) / 1000));
    box.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
  }
  setInterval(tickCountdown, 250);

  function listen() {
    if (source) { source.close(); }
    source = new EventSource(api + "/stream");
    source.addEventListener("state", function (event) {
      statusBox.textContent = "Live";
      render(JSON.parse(event.data));
    });
    source.addEventListener("end", function (event) {
      source.close();
      // A session the server stopped by itself (device fault, error) arrives with its outcome.
      var last = JSON.parse(event.data || "{}");
      if (last.access_ended) {
        // Signed out, access withdrawn or the account deleted: nothing more to show here.
        statusBox.textContent = "You no longer have access to this session.";
        document.getElementById("step").textContent = "No access";
        return;
      }
      if (last.outcome) { render(last); }
      statusBox.textContent = "Session over";
      // The reply to the last command carries the outcome; until it arrives, say it is over.
      if (!finished) { document.getElementById("step").textContent = "Session over"; }
    });
    source.onerror = function () { statusBox.textContent = "Connection lost — reconnecting; nothing is lost."; };
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.type === "submit") { return; }
    keepAwake();
    if (button.id === "start") { post("/start").then(function (data) { if (data) { listen(); } }); }
    else if (button.dataset.action) { post("/" + button.dataset.action); }
    else if (button.dataset.report) { post("/report", {discomfort: Number(button.dataset.report)}); }
    else if (button.dataset.symptom) { post("/report", {symptom: button.dataset.symptom}); }
  });

  logForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(logForm);
    var number = function (name) { var v = data.get(name); return v === "" || v === null ? null : Number(v); };
    post("/log", {
      reps: number("reps"), rpe: number("rpe"), discomfort: number("discomfort"),
      symptoms: data.get("symptoms") ? [data.get("symptoms")] : []
    }).then(function () { logForm.reset(); });
  });

  if (root.dataset.running === "yes") { listen(); }
})();
