/* Interactive parts of the generated pages: the models table (sort, filter, URL state),
   the compare-any-models view and the decision helper. Plain JavaScript, no libraries.
   Material's instant navigation swaps pages without reloading, so everything is set up
   again on each page through `document$` when it exists. */
(function () {
  "use strict";

  var LEVEL_RANK = { "closed": 0, "open-weights-restricted": 1, "open-weights-osi": 2, "open-source": 3 };

  /* Escapes text for HTML, in element content and in quoted attribute values alike. */
  function text(value) {
    return (value == null ? "" : String(value)).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function params() { return new URLSearchParams(window.location.search); }

  /* A number as people write it: "128k" is 128,000, "1M" a million, "1.5B" 1.5 billion, in the
     field's unit (parameters are counted in billions, so "70B" and "70" agree); a comma may stand
     for the decimal point. Empty or unreadable text is null (no filter). */
  function amount(textValue, unit) {
    var match = /^\s*([0-9]*[.,]?[0-9]+)\s*([kmbt]?)\s*$/i.exec(textValue || "");
    if (!match) return null;
    var scale = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[match[2].toLowerCase()];
    var value = parseFloat(match[1].replace(",", "."));
    return match[2] ? value * scale / (unit || 1) : value;  // a plain number is already in the field's unit
  }

  function setParams(values) {
    var url = new URL(window.location.href);
    url.search = "";
    Object.keys(values).forEach(function (key) {
      if (values[key] !== "" && values[key] != null) url.searchParams.set(key, values[key]);
    });
    window.history.replaceState(window.history.state, "", url.toString());
  }

  function apiBase(root) { return root.getAttribute("data-api") || "../api/"; }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* ---------------------------------------------------------------- models table */

  function initModelsTable() {
    var table = document.getElementById("kb-models");
    var form = document.getElementById("kb-model-filters");
    if (!table || !form || table.dataset.ready) return;
    table.dataset.ready = "1";
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var shown = document.getElementById("kb-shown");
    var compareButton = document.getElementById("kb-compare-selected");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sortState = { key: "", dir: "asc" };

    // Pre-compute each row's values once so filtering thousands of rows stays fast.
    var records = rows.map(function (row) {
      var d = row.dataset;
      return {
        row: row,
        text: row.textContent.toLowerCase(),
        open: d.open, level: d.level, kind: d.kind, commercial: d.commercial, provider: d.provider,
        input: (d["in"] || "").split(" "), output: (d.out || "").split(" "),
        params: d.params === "" ? null : parseFloat(d.params),
        context: d.context === "" ? null : parseFloat(d.context),
        osi: d.osi, pout: d.pout === "" ? null : parseFloat(d.pout),
        year: d.year
      };
    });

    function formValues() {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (el) { if (el.name) values[el.name] = el.value.trim(); });
      return values;
    }

    function matches(r, f) {
      if (f.q && r.text.indexOf(f.q.toLowerCase()) < 0) return false;
      if (f.open && r.open !== f.open) return false;
      if (f.level && r.level !== f.level) return false;
      if (f.kind && r.kind !== f.kind) return false;
      if (f.commercial && r.commercial !== f.commercial) return false;
      if (f.provider && r.provider !== f.provider) return false;
      if (f["in"] && r.input.indexOf(f["in"]) < 0) return false;
      if (f.out && r.output.indexOf(f.out) < 0) return false;
      if (f.osi && r.osi !== f.osi) return false;
      var pmin = amount(f.pmin, 1e9), pmax = amount(f.pmax, 1e9), cmin = amount(f.cmin), omax = amount(f.omax);
      if (pmin != null && (r.params == null || r.params < pmin)) return false;
      if (pmax != null && (r.params == null || r.params > pmax)) return false;
      if (cmin != null && (r.context == null || r.context < cmin)) return false;
      if (omax != null && (r.pout == null || r.pout > omax)) return false;
      if (f.year && r.year !== f.year) return false;
      return true;
    }

    // Only the first PAGE matching rows are in the document at a time: laying out thousands
    // of table rows is what makes filtering slow, not the matching itself.
    var PAGE = 100;
    var limit = PAGE;
    var matched = records;
    var more = document.getElementById("kb-more");

    function render() {
      var fragment = document.createDocumentFragment();
      for (var i = 0; i < matched.length && i < limit; i++) fragment.appendChild(matched[i].row);
      tbody.replaceChildren(fragment);
      shown.textContent = String(matched.length);
      if (more) {
        var rest = matched.length - limit;
        more.hidden = rest <= 0;
        more.textContent = "Show " + Math.min(PAGE, rest) + " more (" + rest + " not shown)";
      }
    }

    // Typing fires "input" (and the table is filtered at once); leaving the box fires "change"
    // with the same values. Re-rendering then would swap the rows under the pointer and swallow
    // the click that moved the focus (a checkbox or a model link), so an unchanged view is left alone.
    var lastView = null;

    function apply() {
      var f = formValues();
      var view = JSON.stringify([f, sortState]);
      if (view === lastView) return;
      lastView = view;
      matched = records.filter(function (r) { return matches(r, f); });
      limit = PAGE;
      render();
      var state = Object.assign({}, f);
      if (sortState.key) { state.sort = sortState.key; state.dir = sortState.dir; }
      setParams(state);
    }

    if (more) more.addEventListener("click", function () { limit += PAGE; render(); });

    function sortValue(row, index, type) {
      var cell = row.cells[index];
      var marked = cell.querySelector("[data-sort]");
      var raw = marked ? marked.getAttribute("data-sort") : cell.textContent.trim();
      if (type === "num") return raw === "" ? null : parseFloat(raw);
      return raw.toLowerCase();
    }

    function sortBy(key, dir) {
      var index = -1, type = "text";
      headers.forEach(function (th, i) {
        if (th.dataset.key === key) { index = i; type = th.dataset.type; th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending"); }
        else if (th.dataset.key) th.setAttribute("aria-sort", "none");
      });
      if (index < 0) return;
      sortState = { key: key, dir: dir };
      var sign = dir === "asc" ? 1 : -1;
      var keyed = records.map(function (r, n) { return { r: r, v: sortValue(r.row, index, type), n: n }; });
      keyed.sort(function (a, b) {
        if (a.v === b.v) return a.n - b.n;
        if (a.v == null) return 1;   // unknown values always last
        if (b.v == null) return -1;
        return (a.v < b.v ? -1 : 1) * sign;
      });
      records = keyed.map(function (k) { return k.r; });
    }

    headers.forEach(function (th) {
      if (!th.dataset.key) return;
      th.querySelector("button").addEventListener("click", function () {
        var dir = sortState.key === th.dataset.key && sortState.dir === "asc" ? "desc" : "asc";
        sortBy(th.dataset.key, dir);
        apply();
      });
    });

    // Models ticked for comparison, in the order they were ticked.
    var picked = [];
    function updateCompare() {
      compareButton.disabled = picked.length < 2 || picked.length > 4;
    }
    tbody.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.classList.contains("kb-pick")) return;
      picked = picked.filter(function (id) { return id !== box.value; });
      if (box.checked) picked.push(box.value);
      updateCompare();
    });
    compareButton.addEventListener("click", function () {
      window.location.href = "../compare/index.html?models=" + encodeURIComponent(picked.join(","));
    });

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    // Restore a shared view from the URL, unfolding the extra filters when one of them is set.
    var p = params();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !p.has(el.name)) return;
      el.value = p.get(el.name);
      var folded = el.closest("details");
      if (folded && el.value) folded.open = true;
    });
    if (p.get("sort")) sortBy(p.get("sort"), p.get("dir") === "desc" ? "desc" : "asc");
    apply();
    updateCompare();
  }

  /* ---------------------------------------------------------------- compare any models */

  /* Letters and digits only, lower case: "DeepSeek V3", "deepseek-v3" and "DeepSeek-V3" agree. */
  function squash(value) { return String(value || "").toLowerCase().replace(/[^a-z0-9]/g, ""); }

  /* The models a typed name means: an exact name or id, else every model whose name or id
     starts with it, else every one that contains it. */
  function findModel(typed, models) {
    var key = squash(typed);
    if (!key) return [];
    var exact = models.filter(function (m) { return squash(m.name) === key || squash(m.id) === key; });
    if (exact.length) return exact;
    var starts = models.filter(function (m) { return squash(m.name).indexOf(key) === 0 || squash(m.id).indexOf(key) === 0; });
    if (starts.length) return starts;
    return models.filter(function (m) { return squash(m.name).indexOf(key) >= 0 || squash(m.id).indexOf(key) >= 0; });
  }

  /* One comparison cell: text escaped, a list as bullets, a reference as a link to its page. */
  function cell(row) {
    var value = row.value;
    if (value == null || value === "") return "—";
    if (Array.isArray(value)) return "<ul>" + value.map(function (v) { return "<li>" + text(v) + "</li>"; }).join("") + "</ul>";
    if (row.href) return '<a href="../' + text(row.href) + '">' + text(value) + "</a>";  // from compare/
    return text(value);
  }

  function byId(list) { var out = {}; list.forEach(function (x) { out[x.id] = x; }); return out; }

  function initCompare() {
    var root = document.getElementById("kb-compare");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var base = apiBase(root);
    var input = root.querySelector("input[name=model]");
    var list = root.querySelector("datalist");
    var chosen = root.querySelector(".kb-chosen");
    var output = root.querySelector(".kb-compare-output");
    var message = root.querySelector(".kb-message");
    var ids = (params().get("models") || "").split(",").filter(Boolean).slice(0, 4);
    var form = root.querySelector("form");
    // Until the catalog has loaded, Add says so instead of leaving the page.
    function early(event) { event.preventDefault(); message.textContent = "Still loading the catalog…"; }
    form.addEventListener("submit", early);
    Promise.all([fetchJson(base + "models.json"), fetchJson(base + "licenses.json"), fetchJson(base + "providers.json")]).then(function (data) {
      form.removeEventListener("submit", early);
      root.dataset.loaded = "1";
      var c = { models: byId(data[0]), licenses: byId(data[1]), providers: byId(data[2]) };
      data[0].forEach(function (m) {
        var option = document.createElement("option");
        option.value = m.name;
        list.appendChild(option);
      });
      ids = ids.filter(function (id) { return c.models[id]; });

      function render() {
        setParams(ids.length ? { models: ids.join(",") } : {});
        chosen.innerHTML = ids.map(function (id) {
          return '<li>' + text(c.models[id].name) + ' <button type="button" data-remove="' + text(id) + '" aria-label="Remove ' + text(c.models[id].name) + '">✕</button></li>';
        }).join("");
        if (ids.length < 2) { output.innerHTML = "<p>Pick at least two models (up to four) to see them side by side.</p>"; return; }
        var models = ids.map(function (id) { return c.models[id]; });
        var head = "<tr><th></th>" + models.map(function (m) {
          return '<th><a href="../models/' + encodeURIComponent(m.id) + '.html">' + text(m.name) + "</a></th>";
        }).join("") + "</tr>";
        // The rows are defined once, by the build (kb/compare.py), in each model's record.
        var columns = models.map(function (m) { return m.derived.compare; });
        var rows = columns[0].map(function (first, index) {
          var cells = columns.map(function (column) { return cell(column[index]); });
          var differs = cells.some(function (v) { return v !== cells[0]; });
          return '<tr class="kb-row' + (differs ? " kb-differs" : "") + '"><th>' + text(first.label) + "</th>" +
            cells.map(function (v) { return "<td>" + v + "</td>"; }).join("") + "</tr>";
        });
        output.innerHTML = '<div class="kb-table-wrap"><table class="kb-table kb-compare" id="kb-compare-table"><thead>' + head +
          "</thead><tbody>" + rows.join("") + "</tbody></table></div>" +
          '<p class="kb-legend">Rows whose values differ are highlighted.</p>';
      }

      root.querySelector("form").addEventListener("submit", function (event) {
        event.preventDefault();
        var found = findModel(input.value, data[0]);
        if (found.length !== 1) {
          message.textContent = found.length
            ? "Several models match “" + input.value + "”: " + found.slice(0, 5).map(function (m) { return m.name; }).join(", ") + (found.length > 5 ? ", …" : "") + ". Type more of the name."
            : "No model called “" + input.value + "” in the catalog.";
          return;
        }
        var id = found[0].id;
        if (ids.indexOf(id) >= 0) { message.textContent = "Already chosen."; return; }
        if (ids.length >= 4) { message.textContent = "Four models at most: remove one first."; return; }
        message.textContent = "";
        ids.push(id);
        input.value = "";
        render();
      });
      chosen.addEventListener("click", function (event) {
        var id = event.target.getAttribute("data-remove");
        if (!id) return;
        ids = ids.filter(function (x) { return x !== id; });
        render();
      });
      render();
    }).catch(function (error) { message.textContent = "Could not load the catalog data (" + error.message + ")."; });
  }

  /* ---------------------------------------------------------------- decision helper */

  function initDecide() {
    var root = document.getElementById("kb-decide");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var base = apiBase(root);
    var form = root.querySelector("form");
    var output = root.querySelector(".kb-decide-output");
    Promise.all([fetchJson(base + "models.json"), fetchJson(base + "licenses.json"), fetchJson(base + "deployments.json"), fetchJson(base + "vocabulary.json")]).then(function (data) {
      var models = data[0], licenses = byId(data[1]), deployments = data[2], axes = data[3]["tradeoff-axes"];
      var p = params();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || !p.has(el.name)) return;
        if (el.type === "checkbox") el.checked = p.get(el.name) === "1"; else el.value = p.get(el.name);
      });

      function values() {
        var v = {};
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name) return;
          v[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value.trim();
        });
        return v;
      }

      function rankDeployments(v) {
        var limits = { none: 2, some: 3, strong: 5 };
        return deployments.map(function (d) {
          var reasons = [], excluded = [];
          if (v.onprem === "1" && d.ratings.data_privacy < 4) excluded.push("data would leave your infrastructure (data privacy " + d.ratings.data_privacy + "/5)");
          if (v.onprem === "1" && d.model_access === "api-only") excluded.push("serves only API models, which cannot run on your premises");
          if (v.region === "1" && d.ratings.data_privacy < 3) excluded.push("where data is processed is largely the provider's choice (data privacy " + d.ratings.data_privacy + "/5)");
          if (v.team && d.ratings.ops_burden > limits[v.team]) excluded.push("operations burden " + d.ratings.ops_burden + "/5 is more than your team can carry");
          if (v.finetune === "1" && d.ratings.customization < 3) excluded.push("little room to fine-tune (customisation " + d.ratings.customization + "/5)");
          var score = 0, total = 0;
          Object.keys(axes).forEach(function (axis) {
            var weight = parseFloat(v["w_" + axis] || "1");
            var rating = d.ratings[axis];
            var good = axes[axis].higher_is_better ? rating : 6 - rating;
            score += weight * good; total += weight * 5;
            if (weight >= 2 && good >= 4) reasons.push("strong on " + axes[axis].label.toLowerCase());
            if (weight >= 2 && good <= 2) reasons.push("weak on " + axes[axis].label.toLowerCase());
          });
          return { d: d, score: total ? Math.round(100 * score / total) : 0, reasons: reasons, excluded: excluded };
        }).sort(function (a, b) { return (a.excluded.length - b.excluded.length) || (b.score - a.score) || (a.d.name < b.d.name ? -1 : 1); });
      }

      var rankEvaluation = root.dataset.rankEvaluation, rankVersion = root.dataset.rankVersion;
      var basedSelect = form.elements.based;

      function rankScore(m) {
        var found = (m.scores || []).filter(function (s) {
          return s.evaluation === rankEvaluation && s.version === rankVersion && !s.self_reported;
        })[0];
        return found ? found.value : null;
      }

      function multimodal(m) {
        return ((m.modalities || {}).input || []).some(function (x) { return x !== "text"; });
      }

      function territoryReasons(m, lic, based) {
        if (!based || based === "elsewhere") return [];
        var where = basedSelect ? basedSelect.options[basedSelect.selectedIndex].text.replace(/^In /, "") : based;
        return (lic.territory_exclusions || []).filter(function (x) {
          return x.regions.indexOf(based) >= 0 && (x.applies_to === "all" || multimodal(m));
        }).map(function (x) {
          return "its licence withholds its rights from organisations based in " + where +
            (x.applies_to === "multimodal" ? " for models that take images, audio or video" : "");
        });
      }

      function checkModel(m, v, servable) {
        var why = [];
        var lic = licenses[m.license] || {};
        why = why.concat(territoryReasons(m, lic, v.based));
        if (!servable[m.open_weights ? "open" : "closed"]) why.push(m.open_weights
          ? "no deployment option that meets your constraints can run open weights"
          : "no deployment option that meets your constraints can serve an API-only model");
        var users = parseFloat(v.users || "0");
        if (v.commercial === "1" && !m.derived.commercial_use) why.push("its licence does not grant commercial use");
        if (v.onprem === "1" && !m.open_weights) why.push("closed: it cannot run on your own infrastructure");
        if (v.region === "1" && !m.open_weights && !(m.availability || []).some(function (a) { return a.channel === "cloud"; }))
          why.push("reached only through its maker's API or apps: the catalog records no way to choose the region where it runs");
        if (v.finetune === "1" && !(m.open_weights && (lic.permissions || []).indexOf("modification") >= 0)) why.push("you cannot fine-tune and keep the weights");
        if (users && lic.mau_threshold && users > lic.mau_threshold) why.push("more than " + lic.mau_threshold.toLocaleString("en") + " monthly active users needs a separate licence");
        if (v.status === "1" && m.status !== "active") why.push("not current: " + m.derived.lifecycle.label);
        var budget = parseFloat(v.budget || ""), volume = parseFloat(v.tokens || "");
        if (!isNaN(budget) && !isNaN(volume) && m.pricing) {
          var bill = volume * (0.75 * m.pricing.input_usd_per_mtok + 0.25 * m.pricing.output_usd_per_mtok);
          if (bill > budget) why.push("about US$" + Math.round(bill).toLocaleString("en") + " a month at list price, over your budget");
        }
        return why;
      }

      var lastView = null;  // as in the models table: an unchanged form is not redrawn under the pointer

      function render() {
        var v = values();
        var view = JSON.stringify(v);
        if (view === lastView) return;
        lastView = view;
        setParams(v);
        var ranked = rankDeployments(v);
        var options = ranked.map(function (r, i) {
          var status = r.excluded.length ? '<span class="kb-excluded">excluded: ' + text(r.excluded.join("; ")) + "</span>"
            : '<span class="kb-fit">fit ' + r.score + "/100" + (r.reasons.length ? " — " + text(r.reasons.join(", ")) : "") + "</span>";
          return '<li data-deployment="' + text(r.d.id) + '"' + (r.excluded.length ? ' class="kb-out"' : "") + '><a href="deployments/' +
            encodeURIComponent(r.d.id) + '.html">' + text(r.d.name) + "</a> " + status + "</li>";
        });
        var usable = ranked.filter(function (r) { return !r.excluded.length; });
        var servable = {
          open: usable.some(function (r) { return r.d.model_access !== "api-only"; }),
          closed: usable.some(function (r) { return r.d.model_access !== "open-weights"; })
        };
        var fits = [], out = [];
        models.forEach(function (m) {
          var why = checkModel(m, v, servable);
          (why.length ? out : fits).push({ m: m, why: why, score: rankScore(m) });
        });
        // Best first: the independent capability score, then the newest release.
        fits.sort(function (a, b) {
          if ((a.score == null) !== (b.score == null)) return a.score == null ? 1 : -1;
          if (a.score !== b.score) return b.score - a.score;
          return a.m.release_date < b.m.release_date ? 1 : a.m.release_date > b.m.release_date ? -1 : 0;
        });
        var fitItems = fits.map(function (x) {
          var lic = licenses[x.m.license] || {};
          return '<li data-model="' + text(x.m.id) + '"><a href="models/' + encodeURIComponent(x.m.id) + '.html">' + text(x.m.name) + "</a> — " +
            text(x.m.derived.openness_level.label) + ", " + text(lic.name || x.m.license) +
            (x.score != null ? ", capability " + text(x.score) : "") + "</li>";
        });
        var outItems = out.map(function (x) {
          return '<li data-model="' + text(x.m.id) + '"><a href="models/' + encodeURIComponent(x.m.id) + '.html">' + text(x.m.name) + "</a> — " + text(x.why.join("; ")) + "</li>";
        });
        output.innerHTML = "<h2>Deployment options, best fit first</h2><ol id=\"kb-ranked\">" + options.join("") + "</ol>" +
          '<h2>Models that meet every hard constraint (<span id="kb-fit-count">' + fits.length + "</span>)</h2><ul id=\"kb-fit\">" + fitItems.join("") + "</ul>" +
          '<details><summary>Excluded models (<span id="kb-out-count">' + out.length + "</span>) and why</summary><ul id=\"kb-out\">" + outItems.join("") + "</ul></details>";
      }
      form.addEventListener("input", render);
      form.addEventListener("change", render);
      form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
      render();
    }).catch(function (error) { output.textContent = "Could not load the catalog data (" + error.message + ")."; });
  }

  /* The theme's search dialog has no accessible name; screen readers announce this one. */
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the site");
  }

  function init() {
    nameSearchDialog();
    initModelsTable();
    initCompare();
    initDecide();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
