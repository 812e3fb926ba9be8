// Progress chart: volume load per session, one line per exercise on a time axis, drawn with
// uPlot from the JSON in the page. Runs again after each htmx-boosted visit (a new script tag).
// The server converts the volumes to the reader's unit (``volume_load``, in ``data-mass-unit``).
(function () {
  "use strict";
  var DAY_S = 86400;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // The app writes dates as "6 Dec 2026" (the ``local_day`` filter); the axis says the same.
  function day(seconds) {
    var d = new Date(seconds * 1000);
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }
  var holder = document.getElementById("progress-chart");
  var data = document.getElementById("progress-data");
  if (!holder || !data || !window.uPlot || holder.dataset.drawn) { return; }
  var unit = data.dataset.massUnit || "kg";
  var points = JSON.parse(data.textContent).filter(function (p) { return p.volume_load !== null; });
  if (!points.length) { return; }
  holder.dataset.drawn = "yes";
  // One pass over the points (a year of sessions is hundreds): each time parsed once, each
  // value put straight into its exercise's column at its time's row.
  var names = [];
  var volumes = {};
  var times = [];
  var seen = {};
  points.forEach(function (p) {
    var t = Date.parse(p.started_at) / 1000;
    if (!seen[t]) { seen[t] = true; times.push(t); }
    if (!volumes[p.exercise]) { volumes[p.exercise] = {}; names.push(p.exercise); }
    if (!(t in volumes[p.exercise])) { volumes[p.exercise][t] = p.volume_load; }
  });
  times.sort(function (a, b) { return a - b; });
  var columns = names.map(function (name) {
    return times.map(function (t) { return t in volumes[name] ? volumes[name][t] : null; });
  });
  var colours = ["#1d4f91", "#a40000", "#1b5e20", "#7a4b00", "#6a1b9a"];
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var ink = dark ? "#ececec" : "#111";
  var grid = dark ? "#3a3f45" : "#e0e0e0";
  var span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  // At least a day and a half either side, so one session still sits on an axis of whole days.
  var pad = Math.max(span * 0.05, 1.5 * DAY_S);
  // Kept on the holder so the browser tests can read the axis labels uPlot drew.
  holder.uplot = new window.uPlot({
    width: Math.min(holder.clientWidth || 320, 720), height: 220,
    scales: {x: {time: true, range: [times[0] - pad, times[times.length - 1] + pad]}},
    // No live legend: with nothing hovered it read "date: --"; the table below gives the values.
    legend: {live: false},
    series: [{label: "Date"}].concat(names.map(function (name, index) {
      return {label: name + " (" + unit + ")", stroke: colours[index % colours.length], width: 2, spanGaps: true, points: {show: true, size: 6}};
    })),
    axes: [
      {stroke: ink, grid: {stroke: grid}, ticks: {stroke: grid}, space: 90,
        incrs: [DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 30 * DAY_S, 91 * DAY_S, 182 * DAY_S, 365 * DAY_S],
        values: function (u, splits) { return splits.map(function (s) { return s === null ? null : day(s); }); }},
      {label: unit, stroke: ink, grid: {stroke: grid}, ticks: {stroke: grid}}
    ]
  }, [times].concat(columns), holder);
})();
