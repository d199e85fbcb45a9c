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

  /* The page holds only the first page of rows. Every view is drawn from api/models-table.json,
     whose header lists the columns (kb/models_table.py); the page template draws its rows from
     the same cells. A "link" cell is [text, href], a "num" cell [text, value] (null: unknown),
     any other the text itself. Where a column lists its "cells" by id, rows hold the id. */

  function cellOf(column, stored) {
    return column.cells ? column.cells[stored] : stored;
  }

  function cellText(column, cell) {
    return column.type === "link" || column.type === "num" ? cell[0] : cell;
  }

  function sortKey(column, cell) {
    return column.type === "num" ? cell[1] : cellText(column, cell).toLowerCase();
  }

  /* An element with attributes (set in the order given) and text, escaped by the DOM. */
  function element(tag, attributes, content) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (content != null) el.textContent = content;
    return el;
  }

  function tableCell(column, cell) {
    if (column.type === "link") return element("a", { href: cell[1] }, cell[0]);
    if (column.type === "date") return element("time", {}, cell);
    return document.createTextNode(cellText(column, cell));
  }

  function initModelsTable() {
    var table = document.getElementById("kb-models");
    var form = document.getElementById("kb-model-filters");
    if (!table || !form || table.dataset.started) return;
    table.dataset.started = "1";
    var tbody = table.tBodies[0];
    var shown = document.getElementById("kb-shown");
    var message = document.getElementById("kb-table-message");
    var more = document.getElementById("kb-more");
    var compareButton = document.getElementById("kb-compare-selected");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells, 1);  // after the Compare column
    var PAGE = parseInt(table.dataset.page, 10);
    var data = null;            // the JSON: columns, filters and rows
    var records = [];           // one per model, in catalog order
    var columnIndex = {};
    var sortState = { key: "", dir: "asc" };
    var ordered = null;         // the records in the chosen order; null until sorted again
    var matched = [], limit = PAGE;
    var servedRows = true;      // the rows shown are still the page's own
    var picked = [];            // ids ticked for comparison, in the order ticked (the page's own rows too)

    // values: in the order of data.filters; row: the table row, made when first shown.
    function toRecord(row) {
      return { id: row[0], stale: row[1], cells: row[2], values: row[3], text: null, row: null };
    }

    function cell(record, index) { return cellOf(data.columns[index], record.cells[index]); }

    // One row, exactly as the page template draws it (models_index.html, with the stale_mark
    // macro; the tests compare the two): a checkbox to compare, then the cells, the first
    // followed by a flag when the entry is stale.
    function tableRow(record) {
      var row = document.createElement("tr");
      var name = cellText(data.columns[0], cell(record, 0));
      var pick = element("input", { type: "checkbox", "class": "kb-pick", value: record.id, "aria-label": "Compare " + name });
      pick.checked = picked.indexOf(record.id) >= 0;
      row.appendChild(element("td")).appendChild(pick);
      data.columns.forEach(function (column, i) {
        var td = row.appendChild(element("td"));
        td.appendChild(tableCell(column, cell(record, i)));
        if (i === 0 && record.stale) {
          td.appendChild(document.createTextNode(" "));
          td.appendChild(element("span", { "class": "kb-stale", title: "not verified for over 12 months" }, "stale"));
        }
      });
      return row;
    }

    function value(record, key) { return cell(record, columnIndex[key])[1]; }

    // What the search box looks in: the row's text, in lower case; made when first searched,
    // so that thousands of rows load at once.
    function searchText(record) {
      if (record.text === null) {
        var texts = data.columns.map(function (column, i) { return cellText(column, cell(record, i)); });
        record.text = (texts.join(" ") + (record.stale ? " stale" : "")).toLowerCase();
      }
      return record.text;
    }

    function formValues() {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (el) { if (el.name) values[el.name] = el.value.trim(); });
      return values;
    }

    // A filter named in the JSON matches a row whose value equals the field's, or (a list) holds it.
    function matches(r, f, limits) {
      if (f.q && searchText(r).indexOf(f.q.toLowerCase()) < 0) return false;
      for (var i = 0; i < data.filters.length; i++) {
        var wanted = f[data.filters[i]], has = r.values[i];
        if (wanted && (Array.isArray(has) ? has.indexOf(wanted) < 0 : has !== wanted)) return false;
      }
      var params = value(r, "params"), context = value(r, "context"), pout = value(r, "pout");
      if (limits.pmin != null && (params == null || params < limits.pmin)) return false;
      if (limits.pmax != null && (params == null || params > limits.pmax)) return false;
      if (limits.cmin != null && (context == null || context < limits.cmin)) return false;
      if (limits.omax != null && (pout == null || pout > limits.omax)) return false;
      return true;
    }

    // Only the first PAGE matching rows are in the document at a time: laying out thousands
    // of table rows is what makes a page slow, not the matching itself. Rows are made when
    // first shown and kept, ticked boxes included. The page's own rows are the first page in
    // catalog order; they stay while that is the view, so nothing is redrawn under the
    // reader's pointer when the rows arrive.
    function render() {
      servedRows = servedRows && ordered === records && matched.length === records.length && limit === PAGE;
      if (!servedRows) {
        var fragment = document.createDocumentFragment();
        for (var i = 0; i < matched.length && i < limit; i++) {
          var r = matched[i];
          if (!r.row) r.row = tableRow(r);
          fragment.appendChild(r.row);
        }
        tbody.replaceChildren(fragment);
      }
      shown.textContent = String(matched.length);
      var rest = matched.length - limit;
      more.hidden = rest <= 0;
      more.textContent = "Show " + Math.min(PAGE, rest) + " more (" + rest + " not shown)";
    }

    // Unknown values always last; equal values keep the catalog's order.
    function sortRecords() {
      var index = columnIndex[sortState.key];
      if (index == null) return records;
      var column = data.columns[index], sign = sortState.dir === "asc" ? 1 : -1;
      var keyed = records.map(function (r, n) { return { r: r, v: sortKey(column, cell(r, index)), n: n }; });
      keyed.sort(function (a, b) {
        if (a.v === b.v) return a.n - b.n;
        if (a.v == null) return 1;
        if (b.v == null) return -1;
        return (a.v < b.v ? -1 : 1) * sign;
      });
      return keyed.map(function (k) { return k.r; });
    }

    // Typing fires "input" (and the table is filtered at once); leaving the box fires "change"
    // with the same values. Re-rendering then would swap the rows under the pointer and swallow
    // the click that moved the focus (a checkbox or a model link), so an unchanged view is left alone.
    var lastView = null;

    function apply() {
      if (!data) return;  // until the rows have arrived, the page's own rows stay as they are
      var f = formValues();
      var view = JSON.stringify([f, sortState]);
      if (view === lastView) return;
      lastView = view;
      if (!ordered) ordered = sortRecords();
      var limits = { pmin: amount(f.pmin, 1e9), pmax: amount(f.pmax, 1e9), cmin: amount(f.cmin), omax: amount(f.omax) };
      matched = ordered.filter(function (r) { return matches(r, f, limits); });
      limit = PAGE;
      render();
      var state = Object.assign({}, f);
      if (sortState.key) { state.sort = sortState.key; state.dir = sortState.dir; }
      setParams(state);
    }

    function sortBy(key, dir) {
      sortState = { key: key, dir: dir };
      ordered = null;
      headers.forEach(function (th) {
        th.setAttribute("aria-sort", th.dataset.key !== key ? "none" : dir === "asc" ? "ascending" : "descending");
      });
    }

    headers.forEach(function (th) {
      th.querySelector("button").addEventListener("click", function () {
        sortBy(th.dataset.key, sortState.key === th.dataset.key && sortState.dir === "asc" ? "desc" : "asc");
        apply();
      });
    });
    more.addEventListener("click", function () { limit += PAGE; render(); });

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
    var sortParam = p.get("sort");
    if (headers.some(function (th) { return th.dataset.key === sortParam; })) sortBy(sortParam, p.get("dir") === "desc" ? "desc" : "asc");
    updateCompare();

    fetchJson(table.dataset.rows).then(function (loaded) {
      data = loaded;
      data.columns.forEach(function (column, i) { columnIndex[column.key] = i; });
      records = data.rows.map(toRecord);
      apply();
      table.dataset.ready = "1";
    }).catch(function (error) {
      message.hidden = false;
      message.textContent = "Could not load the rest of the table (" + error.message + "). The first " + tbody.rows.length +
        " models are shown, without filters or sorting; the list of all models, linked above, has every one.";
    });
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
