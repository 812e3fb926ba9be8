// Progress chart: volume load per session, drawn with uPlot from the JSON in the page.
(function () {
  "use strict";
  var holder = document.getElementById("progress-chart");
  var data = document.getElementById("progress-data");
  if (!holder || !data || !window.uPlot) { return; }
  var points = JSON.parse(data.textContent).filter(function (p) { return p.volume_load_kg !== null; });
  if (!points.length) { return; }
  var xs = points.map(function (p) { return Date.parse(p.started_at) / 1000; });
  var ys = points.map(function (p) { return p.volume_load_kg; });
  var width = Math.min(holder.clientWidth || 320, 720);
  new window.uPlot({
    width: width, height: 220,
    series: [{}, {label: "Volume load [kg]", stroke: "#1d4f91", width: 2, points: {show: true}}],
    axes: [{}, {label: "kg"}]
  }, [xs, ys], holder);
})();
