// Simulator page: every change of a slider or field asks the model and redraws the chart.
// In wrap-stretch mode the calibration holds only for a 5 cm elastic band on the arm, so the
// page sets that limb and width and the server refuses anything else.
(function () {
  "use strict";
  var form = document.getElementById("simulator");
  if (form) {
    // The model answers each change; the form itself is never submitted.
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  if (!form || !window.uPlot) { return; }
  var holder = document.getElementById("flow-chart");
  var readout = document.getElementById("readout");
  var errorBox = document.getElementById("simulator-error");
  var mode = document.getElementById("mode");
  var pressure = document.getElementById("pressure_mmhg");
  var stretch = document.getElementById("stretch_pct");
  var chart = null, pending = null, refsShown = {};
  var PAUSE_MS = 250;
  // Lengths are typed in the reader's unit (cm or in); the model takes centimetres.
  var cmPerUnit = Number(form.dataset.cmPerUnit) || 1;
  function toCm(text) { return Math.round(Number(text) * cmPerUnit * 100) / 100; }
  function shown(cm) { return String(Math.round(cm / cmPerUnit * 10) / 10); }

  function draw(result) {
    var xs = result.curve.map(function (p) { return p.pressure_mmhg; });
    var inflow = result.curve.map(function (p) { return p.arterial_inflow_pct; });
    var outflow = result.curve.map(function (p) { return p.venous_outflow_pct; });
    var pooled = result.curve.map(function (p) { return p.pooled_volume_ml; });
    var band = function (flow, key) {
      return result.curve.map(function (p) { return p.band[flow][key]; });
    };
    var inHigh = band("arterial_inflow_pct", "p95"), inLow = band("arterial_inflow_pct", "p5");
    var outHigh = band("venous_outflow_pct", "p95"), outLow = band("venous_outflow_pct", "p5");
    var poolHigh = band("pooled_volume_ml", "p95"), poolLow = band("pooled_volume_ml", "p5");
    var chosen = xs.map(function () { return null; });
    var sel = result.selected;
    [inflow, outflow, pooled, inHigh, inLow, outHigh, outLow, poolHigh, poolLow].forEach(function (c) { c.push(null); });
    xs.push(sel.pressure_mmhg);
    chosen.push(sel.arterial_inflow_pct);
    var order = xs.map(function (x, i) { return i; }).sort(function (a, b) { return xs[a] - xs[b]; });
    var pick = function (column) { return order.map(function (i) { return column[i]; }); };
    var data = [pick(xs), pick(inflow), pick(outflow), pick(pooled), pick(chosen),
                pick(inHigh), pick(inLow), pick(outHigh), pick(outLow), pick(poolHigh), pick(poolLow)];
    if (chart) { chart.setData(data); return; }
    var edge = function (label, colour, scale) {
      return {label: label, stroke: colour, width: 1, dash: [2, 3], spanGaps: true, scale: scale || "pct",
              points: {show: false}};
    };
    chart = new window.uPlot({
      width: Math.min(holder.clientWidth || 320, 720), height: 260,
      scales: {x: {time: false}, pct: {}, ml: {}},
      // No live legend: with nothing hovered (always, on a phone) it read "mmHg: --" beside every
      // series; the readout above the chart gives the chosen pressure's values.
      legend: {live: false},
      series: [{label: "Cuff pressure (mmHg)"},
               {label: "Arterial inflow %", stroke: "#a40000", width: 2, spanGaps: true, scale: "pct"},
               {label: "Venous outflow %", stroke: "#1d4f91", width: 2, spanGaps: true, scale: "pct"},
               {label: "Pooled blood ml", stroke: "#5b2a86", width: 2, dash: [6, 3], spanGaps: true, scale: "ml"},
               {label: "Chosen", stroke: "#111", width: 0, points: {show: true, size: 10}, scale: "pct"},
               edge("Inflow, people like you: 95th %ile", "#a40000"),
               edge("5th %ile", "#a40000"),
               edge("Outflow, people like you: 95th %ile", "#1d4f91"),
               edge("5th %ile", "#1d4f91"),
               edge("Pooled blood, people like you: 95th %ile", "#5b2a86", "ml"),
               edge("5th %ile", "#5b2a86", "ml")],
      // The population bands: shaded between the 95th and 5th percentile of similar people.
      bands: [{series: [5, 6], fill: "rgba(164, 0, 0, 0.18)"},
              {series: [7, 8], fill: "rgba(29, 79, 145, 0.18)"},
              {series: [9, 10], fill: "rgba(91, 42, 134, 0.12)"}],
      axes: [{label: "cuff pressure (mmHg)"}, {label: "% of unrestricted", scale: "pct"},
             {label: "pooled blood (ml)", scale: "ml", side: 1, grid: {show: false}}]
    }, data, holder);
  }

  function setMode() {
    var byStretch = mode.value === "stretch";
    pressure.disabled = byStretch; pressure.hidden = byStretch;
    pressure.labels[0].hidden = byStretch;
    stretch.disabled = !byStretch; stretch.hidden = !byStretch;
    stretch.labels[0].hidden = !byStretch;
    // The stretch calibration is for a 5 cm elastic band set by its marks: no cuff material.
    var material = form.elements.cuff_material;
    material.disabled = byStretch; material.hidden = byStretch; material.labels[0].hidden = byStretch;
    if (byStretch) {
      form.elements.limb.value = "arm";
      form.elements.cuff_width.value = shown(stretchWidthCm);
      if (toCm(form.elements.circumference.value) > 45) { form.elements.circumference.value = shown(30); }
    }
  }

  function describe(result) {
    var sel = result.selected;
    var how = result.stretch_pct === null ? "" :
      "Wrap stretched " + result.stretch_pct + " % ≈ " + Math.round(result.stretch_pct_lop) + " % LOP (Abe et al. 2019): ";
    var span = function (b) { return Math.round(b.p5) + "–" + Math.round(b.p95); };
    var lopBand = result.model_lop_band_mmhg;
    return how + Math.round(sel.pressure_mmhg) + " mmHg (" + Math.round(sel.pct_lop) + " % of the model's LOP of " +
      Math.round(result.model_lop_mmhg) + " mmHg; " + span(sel.band.pct_lop) + " % for people like you, whose LOP is " +
      span(lopBand) + " mmHg): arterial inflow " +
      Math.round(sel.arterial_inflow_pct) + " % (" + span(sel.band.arterial_inflow_pct) + " %), venous outflow " +
      Math.round(sel.venous_outflow_pct) + " % (" + span(sel.band.venous_outflow_pct) + " %), pooled blood " +
      Math.round(sel.pooled_volume_ml) + " ml at rest (" + span(sel.band.pooled_volume_ml) + " ml)" +
      (sel.session === null ? "." : sessionWords(sel.session_protocol, sel.session, sel.session_bands));
  }

  // One session at the chosen pressure: blood pooling, oxygen falling, lactate rising, with bands.
  function sessionWords(protocol, outputs, bands) {
    var span = function (b, digits) { return b.p5.toFixed(digits) + "–" + b.p95.toFixed(digits); };
    return "; in a " + protocol + " session at this pressure, at most " +
      Math.round(outputs.pooled_volume_ml) + " ml pooled (" + span(bands.pooled_volume_ml, 0) +
      " ml), tissue oxygen saturation down to " + Math.round(outputs.min_tissue_saturation_pct) + " % (" +
      span(bands.min_tissue_saturation_pct, 0) + " %) and blood lactate up to " +
      outputs.peak_lactate_mmol_l.toFixed(1) + " mmol/l (" + span(bands.peak_lactate_mmol_l, 1) + " mmol/l).";
  }

  // A field the model cannot take is said beside it before the model is asked, in the server's
  // own words for that refusal (its field rules, written into the page, in the reader's unit).
  var stretchWidthCm = Number(form.dataset.stretchWidthCm) || 5;
  var FIELDS = JSON.parse(form.dataset.fields);
  function ruleOf(input) {
    var rule = FIELDS[input.name];
    return input.name === "circumference" ? rule[form.elements.limb.value] : rule;
  }
  function fieldError(input, message) {
    var box = document.getElementById(input.id + "-error");
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    if (box) { box.textContent = message || ""; box.hidden = !message; }
  }
  function limbBounds() {
    var input = form.elements.circumference;
    var which = form.elements.limb.value === "arm" ? "Arm" : "Thigh";
    input.min = input.dataset["min" + which];
    input.max = input.dataset["max" + which];
  }
  // The refusal of the server's Number.read for this text, or "" when it would be taken. A
  // number input gives an empty value for text that is not a number, so badInput says that.
  function refusal(input, rule) {
    var text = String(input.value || "").trim();
    if (!text) { return input.validity && input.validity.badInput ? rule.not_number : rule.missing; }
    if (!/^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$/.test(text)) { return rule.not_number; }
    var value = Number(text.replace(",", "."));
    if (rule.whole && !Number.isInteger(value)) { return rule.not_whole; }
    if (value < rule.low || value > rule.high) { return rule.out_of_range; }
    return "";
  }
  function checkFields() {
    var bad = false;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=number]"), function (input) {
      var message = refusal(input, ruleOf(input));
      fieldError(input, message);
      bad = bad || Boolean(message);
    });
    var sbp = form.elements.sbp_mmhg, dbp = form.elements.dbp_mmhg;
    if (!bad && Number(dbp.value) >= Number(sbp.value)) {
      fieldError(dbp, FIELDS.dbp_mmhg.not_below_systolic);
      bad = true;
    }
    return bad;
  }
  // The model's refusals that concern one field are said beside it.
  var FIELD_OF_CODE = {
    "physiology.cuff-width-outside-validity": "cuff_width",
    "physiology.lop-beyond-studied-pressures": "cuff_width",
    "input.diastolic-not-below-systolic": "dbp_mmhg"
  };
  function fieldOf(data) {
    var name = FIELD_OF_CODE[data.code] ||
      (data.code === "input.invalid" && data.field ? String(data.field).replace(/_cm$/, "") : "");
    return name && form.elements[name] && form.elements[name].type === "number" ? form.elements[name] : null;
  }

  function update() {
    errorBox.hidden = true;
    if (checkFields()) { return; }
    var params = new URLSearchParams(new FormData(form));
    params.delete("mode");
    ["circumference", "cuff_width"].forEach(function (name) {
      params.set(name + "_cm", String(toCm(params.get(name))));
      params.delete(name);
    });
    // The stretch calibration holds for one band width exactly, whatever unit shows it.
    if (mode.value === "stretch") { params.set("cuff_width_cm", String(stretchWidthCm)); }
    document.getElementById("pressure-value").textContent = pressure.value;
    document.getElementById("stretch-value").textContent = stretch.value;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch("/api/simulator/flow?" + params.toString(), {credentials: "same-origin", signal: pending.signal})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            var failure = new Error(data.message || "The model could not run; try other values.");
            failure.field = fieldOf(data);
            throw failure;
          }
          return data;
        });
      })
      .then(function (result) {
        errorBox.hidden = true;
        readout.textContent = describe(result);
        draw(result);
        var list = document.getElementById("model-refs");
        result.references.forEach(function (ref) {
          if (refsShown[ref.key]) { return; }
          var item = document.createElement("li"); item.textContent = ref.citation || ref.key; list.appendChild(item);
          refsShown[ref.key] = true;
        });
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        if (error.field) { fieldError(error.field, error.message); return; }
        errorBox.textContent = error.message; errorBox.hidden = false;
      });
  }
  // The model is asked once the reader pauses (a slider drag fires an event per step, and an
  // aborted request still costs the server its run); the shown values follow at once.
  var waiting = null;
  form.addEventListener("input", function (event) {
    if (event.target === mode) { setMode(); }
    if (event.target === mode || event.target === form.elements.limb) { limbBounds(); }
    document.getElementById("pressure-value").textContent = pressure.value;
    document.getElementById("stretch-value").textContent = stretch.value;
    clearTimeout(waiting);
    waiting = setTimeout(update, PAUSE_MS);
  });
  setMode();
  limbBounds();
  update();
})();
