// Guided manual LOP measurement: times the rest after a deflation and each hold at pressure.
// The page works without this script (the steps and answers are plain links and forms); the
// script only counts down, so nobody has to watch a clock while pumping a cuff.
(function () {
  "use strict";
  if (window.occlusionLopTimer) { window.clearInterval(window.occlusionLopTimer); window.occlusionLopTimer = null; }
  var box = document.getElementById("lop-timer");
  if (!box) { return; }
  var holdS = parseInt(box.dataset.holdS, 10);
  var restS = parseInt(box.dataset.deflateS, 10);
  var phaseText = document.getElementById("timer-phase");
  var count = document.getElementById("timer-count");
  var announce = document.getElementById("timer-announce");
  var start = document.getElementById("timer-start");
  var pressure = (document.querySelector(".big") || {}).textContent || "the step's pressure";
  var audio = null;

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

  var isRest = box.dataset.kind === "rest";

  function say(text) { phaseText.textContent = text; announce.textContent = text; }

  function shown(seconds) {
    if (seconds < 60) { return String(seconds); }
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function run(seconds, onEnd) {
    var end = Date.now() + seconds * 1000;
    if (window.occlusionLopTimer) { window.clearInterval(window.occlusionLopTimer); }
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      count.textContent = shown(left);
      if (left === 0) {
        window.clearInterval(window.occlusionLopTimer);
        window.occlusionLopTimer = null;
        onEnd();
      }
    }
    tick();
    window.occlusionLopTimer = window.setInterval(tick, 250);
  }

  function readyToHold() {
    box.dataset.state = "ready";
    start.disabled = false;
    count.textContent = shown(holdS);
    if (!isRest) { say("Inflate to " + pressure + ", then start the " + holdS + " s hold."); }
  }

  start.addEventListener("click", function () {
    if (isRest) {
      box.dataset.state = "holding";
      start.disabled = true;
      say("Rest quietly with the limb relaxed.");
      run(holdS, function () {
        box.dataset.state = "answer";
        cue();
        say("Rested. Go on to the next step.");
      });
      return;
    }
    box.dataset.state = "holding";
    start.disabled = true;
    say("Hold " + pressure + " and listen or watch for the pulse.");
    run(holdS, function () {
      box.dataset.state = "answer";
      cue();
      say("Time. Answer below: is the pulse still there? Then open the valve fully.");
    });
  });

  if (box.dataset.restFirst === "yes") {
    box.dataset.state = "resting";
    start.disabled = true;
    run(restS, function () { cue(); readyToHold(); });
  } else {
    readyToHold();
  }
})();
