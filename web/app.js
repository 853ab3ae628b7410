/* Argus dashboard: reads the HTTP API, draws the charts, refreshes itself. No framework, no CDN. */
(function () {
  "use strict";

  const REFRESH_MS = 30000;
  /** How often the counts are asked whether they changed (cheap: the API answers from its cache). */
  const WATCH_MS = 3000;
  const TIMELINE_LABELS = 5;
  const COLOURS = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4", "#57606a"];
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const $ = (id) => document.getElementById(id);

  const state = { label: null, series: [], labels: [], zone: browserZone };
  const argus = { state, data: {}, timeline: null, refreshes: 0, pending: 0 };
  window.argus = argus;

  async function api(path, params) {
    const query = new URLSearchParams();
    Object.entries(params || {}).forEach(([key, value]) => {
      (Array.isArray(value) ? value : [value]).forEach((v) => {
        if (v !== undefined && v !== null && v !== "") query.append(key, v);
      });
    });
    const url = path + (query.toString() ? "?" + query : "");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok && response.status !== 503) {
      throw new Error((body.error || response.statusText) + (body.parameter ? " (" + body.parameter + ")" : ""));
    }
    return body;
  }

  /** from/to as the API takes them: a preset (now-24h), or the pickers' local times in the chosen zone. */
  function range() {
    const preset = $("preset").value;
    if (preset === "all") return {};
    if (preset) return { from: preset, to: "now" };
    return { from: $("from").value || undefined, to: $("to").value || undefined };
  }

  function common() {
    return Object.assign({ tz: state.zone }, range());
  }

  function showError(message) {
    const error = $("error");
    error.hidden = !message;
    error.textContent = message || "";
  }

  async function loadLabels() {
    const body = await api("/api/labels", common());
    state.labels = body.labels.map((entry) => entry.label);
    const select = $("label");
    const chosen = state.label && state.labels.includes(state.label) ? state.label : state.labels[0] || null;
    select.replaceChildren(...state.labels.map((label) => new Option(label, label, false, label === chosen)));
    state.label = chosen;
    if (state.series.length === 0 || !state.series.every((label) => state.labels.includes(label))) {
      state.series = state.labels.slice(0, TIMELINE_LABELS);
    }
    const fieldset = $("series");
    fieldset.replaceChildren(fieldset.querySelector("legend") || document.createElement("legend"));
    fieldset.querySelector("legend").textContent = "Labels on the timeline";
    state.labels.slice(0, 20).forEach((label) => {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = label;
      box.checked = state.series.includes(label);
      box.addEventListener("change", () => {
        state.series = [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
        loadTimeline().catch((e) => showError(e.message));
      });
      const wrap = document.createElement("label");
      wrap.append(box, " " + label);
      fieldset.append(wrap);
    });
  }

  async function loadTotal() {
    $("total-label").textContent = state.label || "—";
    if (!state.label) {
      $("total").textContent = "no data yet";
      $("confirmed").textContent = "Drop images into Argus's inbox (./argus run prints where): their counts show here seconds after detection.";
      return;
    }
    const body = await api("/api/count_specific", Object.assign({ label: state.label }, common()));
    argus.data.total = body;
    $("total").textContent = body.count_in_range.toLocaleString("en-US");
    $("total").dataset.value = body.count_in_range;
    $("confirmed").textContent = body.confirmed_until
      ? "Confirmed by the batch until " + new Date(body.confirmed_until).toLocaleString("en-GB", { timeZone: state.zone })
        + "; later counts are live."
      : "No batch run yet: all counts are live.";
  }

  async function loadBars() {
    const body = await api("/api/label_counts", Object.assign({ limit: 10 }, common()));
    argus.data.labelCounts = body;
    const max = Math.max(1, ...body.counts);
    $("bars").replaceChildren(...body.labels.map((label, i) => {
      const item = document.createElement("li");
      item.dataset.label = label;
      item.dataset.value = body.counts[i];
      item.title = "Show " + label;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = label;
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = (100 * body.counts[i] / max).toFixed(1) + "%";
      const value = document.createElement("span");
      value.className = "value";
      value.textContent = body.counts[i].toLocaleString("en-US");
      item.append(name, bar, value);
      item.addEventListener("click", () => chooseLabel(label));
      return item;
    }));
  }

  async function loadTimeline() {
    $("axis-zone").textContent = "(times in " + state.zone + ")";
    const target = $("timeline");
    if (state.series.length === 0) {
      argus.data.timeline = {};
      target.replaceChildren();
      argus.timeline = null;
      return;
    }
    const body = await api("/api/timeline", Object.assign({ label: state.series, interval: $("interval").value },
      common()));
    argus.data.timeline = body;
    const labels = Object.keys(body);
    const times = (body[labels[0]] || []).map((point) => Date.parse(point.t) / 1000);
    const data = [times, ...labels.map((label) => body[label].map((point) => point.y))];
    const zone = state.zone;
    // The axis spans the points and one bucket either side. uPlot's own range for a single point
    // would run 1,000 days (86400 / its time unit of 1e-3) past it.
    const step = times.length > 1 ? times[1] - times[0] : 3600;
    const first = times[0];
    const last = times[times.length - 1];
    const options = {
      width: Math.max(280, target.clientWidth || 600),
      height: 300,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
      series: [{ label: "Time (" + zone + ")" }].concat(labels.map((label, i) => ({
        label, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: times.length < 60 },
      }))),
      axes: [{ label: "Time (" + zone + ")" }, { label: "Count" }],
      scales: { x: times.length ? { time: true, range: () => [first - step, last + step] } : { time: true } },
    };
    if (argus.timeline) argus.timeline.destroy();
    target.replaceChildren();
    argus.timeline = new uPlot(options, data, target);
  }

  async function loadGallery() {
    const body = await api("/api/detections", Object.assign({ limit: 12 }, range()));
    argus.data.detections = body;
    $("gallery").replaceChildren(...(body.detections || []).map((item) => {
      const figure = document.createElement("figure");
      figure.dataset.key = item.image_key;
      const frame = document.createElement("div");
      frame.className = "frame";
      const img = document.createElement("img");
      img.src = item.image_url;
      img.alt = item.image_key;
      img.loading = "lazy";
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 " + item.image_width + " " + item.image_height);
      svg.setAttribute("preserveAspectRatio", "none");
      (item.detections || []).forEach((detection) => {
        const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        const [x, y, w, h] = detection.box;
        rect.setAttribute("x", x);
        rect.setAttribute("y", y);
        rect.setAttribute("width", w);
        rect.setAttribute("height", h);
        rect.dataset.label = detection.label;
        const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = detection.label + " " + detection.confidence.toFixed(2);
        rect.append(title);
        svg.append(rect);
      });
      frame.append(img, svg);
      const caption = document.createElement("figcaption");
      const when = new Date(item.event_timestamp).toLocaleString("en-GB", { timeZone: state.zone });
      caption.textContent = Object.entries(item.labels || {}).map(([l, n]) => n + " " + l).join(", ")
        + " · " + when + " · " + item.image_key;
      figure.append(frame, caption);
      return figure;
    }));
  }

  async function loadStatus() {
    const [health, stats] = await Promise.all([api("/api/health"), api("/api/stats")]);
    argus.data.health = health;
    argus.data.stats = stats;
    const items = Object.entries(health.checks || {}).map(([name, check]) => {
      const item = document.createElement("li");
      item.className = check.status === "UP" ? "up" : "down";
      item.title = check.detail;
      item.textContent = name + " " + check.status.toLowerCase();
      return item;
    });
    const lag = stats.detect && stats.detect.consumer_lag;
    const lagItem = document.createElement("li");
    lagItem.className = "info";
    lagItem.id = "lag";
    lagItem.textContent = "detection lag: " + (typeof lag === "number" ? lag : "unknown");
    const run = stats.last_batch_run;
    const runItem = document.createElement("li");
    runItem.className = run && run.status === "SUCCEEDED" ? "up" : run ? "down" : "info";
    runItem.id = "last-run";
    runItem.textContent = run ? "last batch run: " + run.status.toLowerCase() + " "
      + new Date(run.end || run.start).toLocaleString("en-GB", { timeZone: state.zone })
      : "no batch run yet";
    $("status").replaceChildren(...items, lagItem, runItem);
  }

  async function refresh() {
    argus.pending++;
    try {
      await loadLabels();
      await Promise.all([loadTotal(), loadBars(), loadTimeline(), loadGallery(), loadStatus()]);
      showError(null);
    } catch (e) {
      showError(e.message);
    }
    argus.pending--;
    argus.refreshes++;
  }

  function chooseLabel(label) {
    state.label = label;
    $("label").value = label;
    refresh();
  }

  function setUpZones() {
    const zones = Array.from(new Set([browserZone, "UTC"].concat(
      typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [])));
    $("tz").replaceChildren(...zones.map((zone) => new Option(zone, zone, false, zone === state.zone)));
  }

  setUpZones();
  $("label").addEventListener("change", (e) => chooseLabel(e.target.value));
  $("tz").addEventListener("change", (e) => { state.zone = e.target.value; refresh(); });
  $("interval").addEventListener("change", refresh);
  $("preset").addEventListener("change", () => {
    if ($("preset").value) { $("from").value = ""; $("to").value = ""; }
    refresh();
  });
  ["from", "to"].forEach((id) => $(id).addEventListener("change", () => { $("preset").value = ""; refresh(); }));
  window.addEventListener("resize", () => {
    if (argus.timeline) argus.timeline.setSize({ width: $("timeline").clientWidth, height: 300 });
  });
  /** Refreshes as soon as the counts change: live counts arrive seconds after detection. */
  async function watch() {
    if (document.hidden || argus.pending > 0) return;
    try {
      const body = await api("/api/label_counts", Object.assign({ limit: 10 }, common()));
      if (argus.data.labelCounts && JSON.stringify(body) !== JSON.stringify(argus.data.labelCounts)) {
        await refresh();
      }
    } catch (e) {
      showError(e.message);
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
  setInterval(watch, WATCH_MS);
})();
