// Simulator page: every change of a slider or field asks the model and redraws the chart.
(function () {
  "use strict";
  var form = document.getElementById("simulator");
  if (!form || !window.uPlot) { return; }
  var holder = document.getElementById("flow-chart");
  var readout = document.getElementById("readout");
  var errorBox = document.getElementById("simulator-error");
  var chart = null, pending = null, refsShown = false;

  function draw(result) {
    var xs = result.curve.map(function (p) { return p.pressure_mmhg; });
    var inflow = result.curve.map(function (p) { return p.arterial_inflow_pct; });
    var outflow = result.curve.map(function (p) { return p.venous_outflow_pct; });
    var chosen = xs.map(function () { return null; });
    var sel = result.selected;
    xs.push(sel.pressure_mmhg); inflow.push(null); outflow.push(null); chosen.push(sel.arterial_inflow_pct);
    var order = xs.map(function (x, i) { return i; }).sort(function (a, b) { return xs[a] - xs[b]; });
    var data = [order.map(function (i) { return xs[i]; }), order.map(function (i) { return inflow[i]; }),
                order.map(function (i) { return outflow[i]; }), order.map(function (i) { return chosen[i]; })];
    if (chart) { chart.setData(data); return; }
    chart = new window.uPlot({
      width: Math.min(holder.clientWidth || 320, 720), height: 240,
      scales: {x: {time: false}},
      series: [{label: "mmHg"},
               {label: "Arterial inflow %", stroke: "#a40000", width: 2, spanGaps: true},
               {label: "Venous outflow %", stroke: "#1d4f91", width: 2, spanGaps: true},
               {label: "Chosen", stroke: "#111", width: 0, points: {show: true, size: 10}}],
      axes: [{label: "cuff pressure [mmHg]"}, {label: "% of unrestricted"}]
    }, data, holder);
  }

  function update() {
    var params = new URLSearchParams(new FormData(form));
    document.getElementById("pressure-value").textContent = params.get("pressure_mmhg");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch("/api/simulator/flow?" + params.toString(), {credentials: "same-origin", signal: pending.signal})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error(data.detail || "the model could not run"); }
          return data;
        });
      })
      .then(function (result) {
        errorBox.hidden = true;
        var sel = result.selected;
        readout.textContent = Math.round(sel.pressure_mmhg) + " mmHg (" + Math.round(sel.pct_lop) + " % of the model's LOP, " +
          Math.round(result.model_lop_mmhg) + " mmHg): arterial inflow " + Math.round(sel.arterial_inflow_pct) +
          " %, venous outflow " + Math.round(sel.venous_outflow_pct) + " %.";
        draw(result);
        if (!refsShown) {
          var list = document.getElementById("model-refs");
          result.references.forEach(function (ref) {
            var item = document.createElement("li"); item.textContent = ref.citation || ref.key; list.appendChild(item);
          });
          refsShown = true;
        }
      })
      .catch(function (error) { if (error.name !== "AbortError") { errorBox.textContent = error.message; errorBox.hidden = false; } });
  }
  form.addEventListener("input", update);
  update();
})();
